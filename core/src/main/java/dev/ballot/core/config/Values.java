package dev.ballot.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** Typed reading of zoo.cfg values; every failure is a {@link ConfigException} at the entry's line. */
final class Values {
    private final Path file;

    Values(Path file) {
        this.file = file;
    }

    ConfigException error(PropertiesReader.Entry e, String problem) {
        return new ConfigException(file, e.line(), problem);
    }

    long longValue(PropertiesReader.Entry e, long min, long max) {
        long v;
        try {
            v = Long.parseLong(e.value());
        } catch (NumberFormatException ex) {
            throw error(e, e.key() + "='" + e.value() + "' is not a whole number");
        }
        if (v < min || v > max) {
            throw error(e, e.key() + "=" + v + " is out of range " + min + ".." + max);
        }
        return v;
    }

    int intValue(PropertiesReader.Entry e, int min, int max) {
        return (int) longValue(e, min, max);
    }

    Duration millis(PropertiesReader.Entry e, long min) {
        return Duration.ofMillis(longValue(e, min, Integer.MAX_VALUE));
    }

    boolean bool(PropertiesReader.Entry e) {
        String v = e.value().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw error(e, e.key() + "='" + e.value() + "': write true or false");
    }

    String nonEmpty(PropertiesReader.Entry e) {
        if (e.value().isEmpty()) {
            throw error(e, e.key() + " has an empty value");
        }
        return e.value();
    }

    /** The number after {@code prefix} in the entry's key ({@code server.3} gives 3); must be {@code >= 0}. */
    long idSuffix(PropertiesReader.Entry e, String prefix) {
        String suffix = e.key().substring(prefix.length());
        long id;
        try {
            id = Long.parseLong(suffix);
        } catch (NumberFormatException ex) {
            throw error(e, "'" + e.key() + "': '" + suffix + "' is not a number");
        }
        if (id < 0) {
            throw error(e, "'" + e.key() + "': ids must be >= 0");
        }
        return id;
    }
}
