package dev.ballot.core.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed, checked access to the fields of one parsed JSON object; every failure is a
 * {@link TraceFormatException} naming the object and the field.
 *
 * <p>Immutable view; not meant to be shared across threads.
 */
final class JsonFields {
    private final Map<?, ?> fields;
    private final String what;

    private JsonFields(Map<?, ?> fields, String what) {
        this.fields = fields;
        this.what = what;
    }

    /** Wraps {@code value}, which must be a JSON object; {@code what} names it in errors. */
    static JsonFields of(Object value, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new TraceFormatException(what + " is not a JSON object");
        }
        return new JsonFields(map, what);
    }

    long num(String key) {
        if (!(require(key) instanceof Long value)) {
            throw wrong(key, "an integer");
        }
        return value;
    }

    String str(String key) {
        if (!(require(key) instanceof String value)) {
            throw wrong(key, "a string");
        }
        return value;
    }

    JsonFields obj(String key) {
        Object value = require(key);
        if (!(value instanceof Map<?, ?> map)) {
            throw wrong(key, "an object");
        }
        return new JsonFields(map, "'" + key + "' in " + what);
    }

    List<Long> nums(String key) {
        if (!(require(key) instanceof List<?> list)) {
            throw wrong(key, "an array");
        }
        List<Long> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof Long n)) {
                throw wrong(key, "an array of integers");
            }
            out.add(n);
        }
        return out;
    }

    /** An enum constant spelled by its name. */
    <E extends Enum<E>> E constant(String key, Class<E> type) {
        String name = str(key);
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException("field '" + key + "' in " + what + " has unknown value '" + name
                    + "' (expected one of " + Arrays.toString(type.getEnumConstants()) + ")", e);
        }
    }

    private Object require(String key) {
        Object value = fields.get(key);
        if (value == null) {
            throw new TraceFormatException("missing field '" + key + "' in " + what);
        }
        return value;
    }

    private TraceFormatException wrong(String key, String expected) {
        return new TraceFormatException(String.format(Locale.ROOT, "field '%s' in %s must be %s, got %s",
                key, what, expected, fields.get(key)));
    }
}
