package io.signet.server.json;

/**
 * The one JSON string writer of the command line's reports ({@code signet status --json}, {@code signet probe
 * --json}), which build their documents by hand: both print names a client or another server chose, so quotes,
 * backslashes and control characters must be escaped (RFC 8259 section 7).
 */
public final class JsonText {
    private JsonText() {
    }

    /** Appends {@code s} as a JSON string, quoted and escaped. */
    public static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
