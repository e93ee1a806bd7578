package dev.ballot.core;

/**
 * Makes text that came from outside (the network, a file, a client) safe to put into one log line:
 * nothing it contains can end the line, start a forged one, write terminal control bytes or reorder
 * what is shown, and it is never longer than a bound.
 *
 * <ul>
 *   <li>{@code \} becomes {@code \\}, so every escape below is unambiguous;</li>
 *   <li>{@code \n}, {@code \r}, {@code \t} become those two-character escapes, NUL becomes {@code \0};</li>
 *   <li>every other control character (C0, DEL, C1), the line and paragraph separators U+2028/U+2029,
 *       every format character (bidi embeddings, overrides and isolates, zero-width characters, the
 *       byte-order mark, the invisible tag characters) and an unpaired surrogate become {@code \}{@code u} and four hex digits;</li>
 *   <li>text longer than the bound keeps its first {@code maxChars} characters (never half a surrogate
 *       pair), followed by {@code ...(N more chars)}.</li>
 * </ul>
 *
 * <p>Printable text, including non-Latin letters and emoji, passes unchanged. Use {@link #escape} for a
 * value that is logged anyway, {@link #lazy} for a DEBUG argument, so nothing is built while the level
 * is off. Stateless and thread-safe.
 */
public final class LogText {
    /** Characters kept by {@link #escape(CharSequence)} before the truncation marker. */
    public static final int DEFAULT_MAX_CHARS = 256;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogText() {
    }

    /** {@link #escape(CharSequence, int)} with {@link #DEFAULT_MAX_CHARS}; {@code null} gives {@code "null"}. */
    public static String escape(CharSequence text) {
        return escape(text, DEFAULT_MAX_CHARS);
    }

    /**
     * The text, escaped, with at most {@code maxChars} of its characters (escapes count as one).
     *
     * @throws IllegalArgumentException if {@code maxChars < 1}
     */
    public static String escape(CharSequence text, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars=" + maxChars + ": must be >= 1");
        }
        if (text == null) {
            return "null";
        }
        int length = text.length();
        int end = Math.min(length, maxChars);
        if (end < length && Character.isHighSurrogate(text.charAt(end - 1)) && Character.isLowSurrogate(text.charAt(end))) {
            end--; // keep the pair whole: drop its first half too
        }
        if (end == length && isClean(text)) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(end + 16);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
                char low = text.charAt(++i);
                if (needsEscape(Character.toCodePoint(c, low))) { // a supplementary format character (tags)
                    hex(out, c);
                    hex(out, low);
                } else {
                    out.append(c).append(low);
                }
            } else {
                append(out, c);
            }
        }
        if (end < length) {
            out.append("...(").append(length - end).append(" more chars)");
        }
        return out.toString();
    }

    /**
     * An argument for a log call that escapes {@code String.valueOf(value)} only when the line is
     * actually written: {@code LOG.debug("{}: {}", sid, LogText.lazy(reason))}.
     */
    public static Object lazy(Object value) {
        return new Object() {
            @Override
            public String toString() {
                return escape(String.valueOf(value));
            }
        };
    }

    /**
     * {@code host:port} of a socket address for messages ({@code [v6]:port} for an IPv6 literal), resolved or
     * not: {@code InetSocketAddress.toString()} prints {@code 127.0.0.1/<unresolved>:2888} or {@code name/10.0.0.1:2888}.
     */
    public static String hostPort(java.net.InetSocketAddress address) {
        String host = address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static boolean isClean(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c < 0x20 || (c >= 0x7f && needsEscape(c))) {
                return false;
            }
        }
        return true;
    }

    private static void append(StringBuilder out, char c) {
        switch (c) {
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\0' -> out.append("\\0");
            default -> {
                if (needsEscape(c)) {
                    hex(out, c);
                } else {
                    out.append(c);
                }
            }
        }
    }

    private static void hex(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
    }

    /** Control, format, separator and (unpaired) surrogate characters: everything that is not shown as itself. */
    private static boolean needsEscape(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE -> true;
            default -> false;
        };
    }
}
