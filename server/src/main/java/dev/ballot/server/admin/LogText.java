package dev.ballot.server.admin;

/** Makes text that came from the network safe to log: no line breaks, no control bytes, bounded length. */
final class LogText {
    private static final int MAX = 200;

    private LogText() {
    }

    /** {@code text} with control characters as {@code \n}, {@code \r}, {@code \t} or {@code \xNN}, cut at 200 chars. */
    static String escape(Object text) {
        String s = String.valueOf(text);
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 8);
        for (int i = 0; i < s.length() && b.length() < MAX; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\x%02x", (int) c & 0xff));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (b.length() >= MAX && s.length() > MAX) {
            b.append("...");
        }
        return b.toString();
    }
}
