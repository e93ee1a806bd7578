package dev.ballot.core.quorum;

import dev.ballot.core.config.QuorumServer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ensemble's members split into voters and observers, in config order: what every verifier holds.
 *
 * @param all       every member by sid
 * @param voters    the participants by sid
 * @param observers the observers by sid
 */
record Members(Map<Long, QuorumServer> all, Map<Long, QuorumServer> voters, Map<Long, QuorumServer> observers) {

    /**
     * Splits {@code members}; unmodifiable views.
     *
     * @throws IllegalArgumentException if a key does not match its server's sid
     */
    static Members of(Map<Long, QuorumServer> members) {
        Map<Long, QuorumServer> all = new LinkedHashMap<>();
        Map<Long, QuorumServer> voters = new LinkedHashMap<>();
        Map<Long, QuorumServer> observers = new LinkedHashMap<>();
        members.forEach((sid, server) -> {
            if (sid != server.sid()) {
                throw new IllegalArgumentException("member key " + sid + " does not match server." + server.sid());
            }
            all.put(sid, server);
            (server.isParticipant() ? voters : observers).put(sid, server);
        });
        return new Members(Collections.unmodifiableMap(all), Collections.unmodifiableMap(voters),
                Collections.unmodifiableMap(observers));
    }
}
