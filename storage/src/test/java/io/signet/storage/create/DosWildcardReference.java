package io.signet.storage.create;

import io.signet.storage.nt.WindowsNames;

/**
 * The name-in-expression test of [MS-FSA] 2.1.4.4 written the plain way, position set by position set, as the model
 * {@link DosWildcard}'s bit-parallel matcher is checked against.
 *
 * <p>Wildcards:
 * <ul>
 *   <li>{@code *} matches zero or more characters;</li>
 *   <li>{@code ?} matches exactly one character;</li>
 *   <li>{@code <} (DOS_STAR) matches zero or more characters up to, but not across, the last '.' of the name;</li>
 *   <li>{@code >} (DOS_QM) matches one character, or nothing at a '.' or at the end of the name;</li>
 *   <li>{@code "} (DOS_DOT) matches a '.', or nothing at the end of the name.</li>
 * </ul>
 * "*" and "*.*" match every name (part 1 of the algorithm). The match runs as a set of expression positions
 * advanced one name character at a time, so it costs O(name x expression) with no backtracking.
 */
final class DosWildcardReference {
    static final char DOS_STAR = '<';
    static final char DOS_QM = '>';
    static final char DOS_DOT = '"';

    private final String expression;
    private final boolean matchesAll;

    DosWildcardReference(String expression) {
        this.expression = WindowsNames.upcase(expression);
        this.matchesAll = expression.equals("*") || expression.equals("*.*");
    }

    String expression() {
        return expression;
    }

    /** Whether {@code s} contains a wildcard character ([MS-FSA] 2.1.4.3). */
    static boolean hasWildcards(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == DOS_STAR || c == DOS_QM || c == DOS_DOT) {
                return true;
            }
        }
        return false;
    }

    boolean matches(String fileName) {
        if (fileName.isEmpty() || expression.isEmpty()) {
            return fileName.isEmpty() && expression.isEmpty();
        }
        if (matchesAll) {
            return true;
        }
        String name = WindowsNames.upcase(fileName);
        int n = expression.length();
        int lastDot = name.lastIndexOf('.');
        boolean[] current = new boolean[n + 1];
        boolean[] next = new boolean[n + 1];
        current[0] = true;
        for (int i = 0; ; i++) {
            closeOverEmptyMatches(current, name, i);
            if (i == name.length()) {
                return current[n];
            }
            char c = name.charAt(i);
            java.util.Arrays.fill(next, false);
            boolean any = false;
            for (int p = 0; p < n; p++) {
                if (!current[p]) {
                    continue;
                }
                char e = expression.charAt(p);
                switch (e) {
                    case '*':
                        next[p] = true;
                        break;
                    case DOS_STAR:
                        // May eat a '.' only if another '.' follows: it stops before the last one.
                        if (c != '.' || i < lastDot) {
                            next[p] = true;
                        }
                        break;
                    case '?':
                        next[p + 1] = true;
                        break;
                    case DOS_QM:
                        if (c != '.') {
                            next[p + 1] = true;
                        }
                        break;
                    case DOS_DOT:
                        if (c == '.') {
                            next[p + 1] = true;
                        }
                        break;
                    default:
                        if (e == c) {
                            next[p + 1] = true;
                        }
                        break;
                }
            }
            for (int p = 0; p <= n; p++) {
                any |= next[p];
            }
            if (!any) {
                return false;
            }
            boolean[] t = current;
            current = next;
            next = t;
        }
    }

    /** Adds the positions reachable without consuming name[i] (i == length means the name is finished). */
    private void closeOverEmptyMatches(boolean[] states, String name, int i) {
        boolean atEnd = i == name.length();
        char c = atEnd ? 0 : name.charAt(i);
        int n = expression.length();
        for (int p = 0; p < n; p++) {
            if (!states[p]) {
                continue;
            }
            char e = expression.charAt(p);
            boolean skippable = e == '*' || e == DOS_STAR
                    || (e == DOS_QM && (atEnd || c == '.'))
                    || (e == DOS_DOT && atEnd);
            if (skippable) {
                states[p + 1] = true;   // p + 1 > p, so the loop visits it next and chains further skips
            }
        }
    }
}
