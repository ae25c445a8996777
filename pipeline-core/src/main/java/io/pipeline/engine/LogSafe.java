package io.pipeline.engine;

/**
 * Text from a request (a user name, a run id) made safe to write into a log line or a message: CR, LF, tab and every
 * other control or line-separator character is shown escaped ({@code \n}, {@code \u2028}), so that a value cannot
 * start a forged log line; very long values are cut.
 */
public final class LogSafe {

    static final int MAX_LENGTH = 200;

    private LogSafe() {
    }

    public static String of(String text) {
        if (text == null) {
            return "null";
        }
        String cut = text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) : text;
        StringBuilder b = null;
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            String escaped = escape(c);
            if (escaped != null && b == null) {
                b = new StringBuilder(cut.length() + 16).append(cut, 0, i);
            }
            if (b != null) {
                b.append(escaped != null ? escaped : String.valueOf(c));
            }
        }
        String safe = b == null ? cut : b.toString();
        return cut.length() < text.length() ? safe + "..." : safe;
    }

    private static String escape(char c) {
        return switch (c) {
            case '\r' -> "\\r";
            case '\n' -> "\\n";
            case '\t' -> "\\t";
            default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || Character.getType(c) == Character.FORMAT
                    ? String.format("\\u%04x", (int) c) : null;
        };
    }
}
