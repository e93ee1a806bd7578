package dev.ballot.election.fsm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The version of each distinct config text received, parsed once. At N = 51 every notification carries
 * a ~2.5 KB config text, nearly always the same one; splitting it into lines for each message was a
 * large part of the cost per message. Remembers the last {@value #CAPACITY} distinct texts (a mixed
 * ensemble may format one config in several ways). Not thread-safe (owned by the state machine).
 */
final class ConfigVersions {
    static final int CAPACITY = 8;

    private final Map<String, OptionalLong> parsed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OptionalLong> eldest) {
            return size() > CAPACITY;
        }
    };
    private String lastText;
    private OptionalLong lastVersion;

    /** {@link ConfigVersionRule#parseVersion(String)} of {@code text}, from the cache when seen before. */
    OptionalLong versionOf(String text) {
        if (text.equals(lastText)) {
            return lastVersion;
        }
        OptionalLong v = parsed.computeIfAbsent(text, ConfigVersionRule::parseVersion);
        lastText = text;
        lastVersion = v;
        return v;
    }
}
