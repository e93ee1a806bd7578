package dev.ballot.server.admin;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin endpoints' JSON, written by hand so that a running peer does not load a JSON library
 * (Jackson's databind is ~500 classes, a quarter of what the server loads) for a few small documents.
 * The output is the same, byte for byte, as Jackson 2's {@code ObjectMapper} gave before
 * ({@code JsonTextTest} compares the two): records as objects of their components in declaration order,
 * maps in iteration order, lists and arrays as arrays, strings escaped as Jackson escapes them; {@link #pretty}
 * is Jackson's {@code INDENT_OUTPUT} layout ({@code "key" : value}, two spaces per object level, arrays
 * inline as {@code [ a, b ]}), {@link #compact} its default. Anything else is refused, so that a new field of
 * an unsupported type fails the tests rather than an operator's request. Stateless and thread-safe.
 */
final class JsonText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();

    private final boolean indent;
    private final boolean omitNulls;
    private final StringBuilder out = new StringBuilder(512);

    private JsonText(boolean indent, boolean omitNulls) {
        this.indent = indent;
        this.omitNulls = omitNulls;
    }

    /** Indented, as Jackson's {@code INDENT_OUTPUT}; with {@code omitNulls}, null fields and map values are left out. */
    static String pretty(Object value, boolean omitNulls) {
        JsonText w = new JsonText(true, omitNulls);
        w.value(value, 0);
        return w.out.toString();
    }

    /** On one line without spaces, null fields included, as Jackson's default. */
    static String compact(Object value) {
        JsonText w = new JsonText(false, false);
        w.value(value, 0);
        return w.out.toString();
    }

    private void value(Object v, int depth) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof CharSequence s) {
            string(s);
        } else if (v instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            floating(((Number) v).doubleValue(), v);
        } else if (v instanceof Enum<?> e) {
            string(e.name());
        } else if (v instanceof Map<?, ?> m) {
            object(m, depth);
        } else if (v instanceof Collection<?> c) {
            array(c, depth);
        } else if (v instanceof Object[] a) {
            array(java.util.Arrays.asList(a), depth);
        } else if (v instanceof Record r) {
            record(r, depth);
        } else {
            throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
        }
    }

    private void floating(double d, Object boxed) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("no JSON number for " + d);
        }
        out.append(boxed); // Double/Float.toString, as Jackson writes them
    }

    private void object(Map<?, ?> m, int depth) {
        out.append('{');
        int n = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getValue() == null && omitNulls) {
                continue;
            }
            n = member(n, String.valueOf(e.getKey()), e.getValue(), depth);
        }
        endObject(n, depth);
    }

    private void record(Record r, int depth) {
        out.append('{');
        int n = 0;
        for (RecordComponent c : components(r.getClass())) {
            Object v = read(c.getAccessor(), r);
            if (v == null && omitNulls) {
                continue;
            }
            n = member(n, c.getName(), v, depth);
        }
        endObject(n, depth);
    }

    private int member(int n, String name, Object v, int depth) {
        if (n > 0) {
            out.append(',');
        }
        newline(depth + 1);
        string(name);
        out.append(indent ? " : " : ":");
        value(v, depth + 1);
        return n + 1;
    }

    private void endObject(int members, int depth) {
        if (members > 0) {
            newline(depth);
        } else if (indent) {
            out.append(' ');
        }
        out.append('}');
    }

    private void array(Collection<?> c, int depth) {
        out.append('[');
        int n = 0;
        for (Object v : c) {
            out.append(n++ > 0 ? (indent ? ", " : ",") : (indent ? " " : ""));
            value(v, depth); // arrays stay on the line: only objects indent
        }
        if (indent) {
            out.append(' ');
        }
        out.append(']');
    }

    private void newline(int depth) {
        if (indent) {
            out.append('\n');
            out.append("  ".repeat(depth));
        }
    }

    /** A JSON string: quote and backslash escaped, control characters as Jackson writes them, the rest as is. */
    private void string(CharSequence s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static RecordComponent[] components(Class<?> type) {
        return COMPONENTS.computeIfAbsent(type, t -> {
            RecordComponent[] cs = t.getRecordComponents();
            for (RecordComponent c : cs) {
                c.getAccessor().setAccessible(true); // records that are not public (tests) are written too
            }
            return cs;
        });
    }

    private static Object read(Method accessor, Record r) {
        try {
            return accessor.invoke(r);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + accessor, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + accessor, e.getCause());
        }
    }
}
