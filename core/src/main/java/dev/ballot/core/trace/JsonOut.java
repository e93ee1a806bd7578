package dev.ballot.core.trace;

import java.util.List;

/**
 * Builds one flat-or-nested JSON object as text, field by field, in the order given. Strings are
 * escaped per RFC 8259: quote, backslash and every control character below U+0020.
 *
 * <p>Not thread-safe; one instance per object.
 */
final class JsonOut {
    private final StringBuilder sb = new StringBuilder(192).append('{');
    private boolean first = true;

    JsonOut num(String key, long value) {
        key(key).append(value);
        return this;
    }

    JsonOut str(String key, String value) {
        quote(key(key), value);
        return this;
    }

    /** A field whose value is already JSON text (a nested object). */
    JsonOut raw(String key, String json) {
        key(key).append(json);
        return this;
    }

    JsonOut nums(String key, List<Long> values) {
        StringBuilder b = key(key).append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(values.get(i).longValue());
        }
        b.append(']');
        return this;
    }

    /** Closes the object and returns its text. */
    String end() {
        return sb.append('}').toString();
    }

    private StringBuilder key(String key) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        quote(sb, key);
        return sb.append(':');
    }

    /** Appends {@code s} as a JSON string literal. */
    static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
