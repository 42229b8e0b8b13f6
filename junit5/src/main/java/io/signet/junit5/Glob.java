package io.signet.junit5;

import java.util.regex.Pattern;

/**
 * A path pattern over share-relative paths: {@code *} and {@code ?} stay within one path component, {@code **}
 * crosses them. Both {@code /} and {@code \} separate components; matching ignores case, as names on a Windows
 * share do.
 */
final class Glob {
    private final String text;
    private final Pattern pattern;

    Glob(String glob) {
        this.text = glob;
        this.pattern = Pattern.compile(toRegex(normalise(glob)), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    boolean matches(String path) {
        return path != null && pattern.matcher(normalise(path)).matches();
    }

    private static String normalise(String path) {
        String p = path.replace('\\', '/');
        return p.startsWith("/") ? p.substring(1) : p;
    }

    private static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
