package dev.ballot.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code java.util.Properties} text (what ZooKeeper loads zoo.cfg with) and keeps the line each
 * entry starts on, which {@code Properties} forgets. Supports the whole format: {@code #}/{@code !}
 * comments, {@code =}, {@code :} or whitespace as separator, backslash line continuations and the
 * {@code \t \n \r \f \\uHHHH} escapes. Keys and values are trimmed, as ZooKeeper trims them.
 *
 * <p>Stateless; thread-safe.
 */
final class PropertiesReader {
    /** One {@code key=value} entry and the 1-based line it starts on. */
    record Entry(String key, String value, int line) {
    }

    /** A malformed escape; {@link #line} is 1-based. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;

        SyntaxException(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private PropertiesReader() {
    }

    static List<Entry> read(String text) throws SyntaxException {
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<Entry> entries = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            int start = i;
            String first = stripLeading(lines[i]);
            i++;
            if (first.isEmpty() || first.charAt(0) == '#' || first.charAt(0) == '!') {
                continue;
            }
            StringBuilder logical = new StringBuilder(first);
            while (endsWithContinuation(logical) && i < lines.length) {
                logical.setLength(logical.length() - 1);
                logical.append(stripLeading(lines[i]));
                i++;
            }
            if (endsWithContinuation(logical)) {
                logical.setLength(logical.length() - 1); // a continuation at end of file continues into nothing
            }
            entries.add(entry(logical.toString(), start + 1));
        }
        return entries;
    }

    private static Entry entry(String logical, int line) throws SyntaxException {
        int keyEnd = 0;
        while (keyEnd < logical.length()) {
            char c = logical.charAt(keyEnd);
            if (c == '\\') {
                keyEnd += 2;
                continue;
            }
            if (c == '=' || c == ':' || isWhitespace(c)) {
                break;
            }
            keyEnd++;
        }
        keyEnd = Math.min(keyEnd, logical.length());
        int valueStart = keyEnd;
        while (valueStart < logical.length() && isWhitespace(logical.charAt(valueStart))) {
            valueStart++;
        }
        if (valueStart < logical.length() && (logical.charAt(valueStart) == '=' || logical.charAt(valueStart) == ':')) {
            valueStart++;
        }
        String key = unescape(logical.substring(0, keyEnd), line).trim();
        String value = unescape(logical.substring(valueStart), line).trim();
        return new Entry(key, value, line);
    }

    private static String unescape(String s, int line) throws SyntaxException {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    sb.append(unicode(s, i + 1, line));
                    i += 4;
                }
                default -> sb.append(e);
            }
        }
        return sb.toString();
    }

    private static char unicode(String s, int from, int line) throws SyntaxException {
        if (from + 4 > s.length()) {
            throw new SyntaxException(line, "malformed \\uHHHH escape: needs 4 hex digits");
        }
        String hex = s.substring(from, from + 4);
        try {
            return (char) Integer.parseInt(hex, 16);
        } catch (NumberFormatException e) {
            throw new SyntaxException(line, "malformed \\uHHHH escape: '" + hex + "' is not hexadecimal");
        }
    }

    private static boolean endsWithContinuation(CharSequence s) {
        int backslashes = 0;
        for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && isWhitespace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }
}
