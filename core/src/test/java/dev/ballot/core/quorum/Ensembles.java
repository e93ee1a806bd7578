package dev.ballot.core.quorum;

import dev.ballot.core.LearnerType;
import dev.ballot.core.config.QuorumServer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Builds test ensembles from the short notations of the table tests ({@code "1 2 3"}, {@code "3=2 7=0"}). */
final class Ensembles {
    private Ensembles() {
    }

    static Set<Long> sids(String spaced) {
        if (spaced == null || spaced.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(spaced.trim().split("\\s+")).map(Long::valueOf)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    static Map<Long, QuorumServer> members(String voters, String observers) {
        Map<Long, QuorumServer> members = new LinkedHashMap<>();
        sids(voters).forEach(sid -> members.put(sid, server(sid, LearnerType.PARTICIPANT)));
        sids(observers).forEach(sid -> members.put(sid, server(sid, LearnerType.OBSERVER)));
        return members;
    }

    static QuorumServer server(long sid, LearnerType type) {
        return QuorumServer.of(sid, "10.0.0." + sid, 2888, 3888, type);
    }

    /** {@code "1 2 3/4 5/6"}: groups 1, 2, 3 in that order. */
    static Map<Long, Set<Long>> groups(String slashed) {
        Map<Long, Set<Long>> groups = new LinkedHashMap<>();
        String[] parts = slashed.split("/");
        for (int i = 0; i < parts.length; i++) {
            groups.put((long) i + 1, sids(parts[i]));
        }
        return groups;
    }

    /** {@code "3=2 7=0"}. */
    static Map<Long, Long> weights(String spaced) {
        Map<Long, Long> weights = new LinkedHashMap<>();
        if (spaced != null && !spaced.isBlank()) {
            for (String w : spaced.trim().split("\\s+")) {
                String[] kv = w.split("=");
                weights.put(Long.valueOf(kv[0]), Long.valueOf(kv[1]));
            }
        }
        return weights;
    }
}
