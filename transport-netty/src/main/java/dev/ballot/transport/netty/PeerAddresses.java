package dev.ballot.transport.netty;

import dev.ballot.core.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The IP addresses of every configured {@code server.N}, for {@code ballot.quorum.checkPeerAddress}: IP
 * literals are taken as they are, host names are looked up through the {@link DialResolver} (never on an
 * event loop) when the transport starts, and again for a sid, at most every {@link #REFRESH_NANOS}, when a
 * connection claiming it comes from elsewhere (DNS may have changed). Until a name is resolved, its sid
 * matches nothing. Thread-safe.
 */
final class PeerAddresses {
    private static final Logger LOG = LoggerFactory.getLogger(PeerAddresses.class);
    /** Minimum time between two lookups of one sid's names. */
    static final long REFRESH_NANOS = 10_000_000_000L;

    private final long localSid;
    private final Map<Long, List<InetSocketAddress>> configured;
    private final DialResolver resolver;
    private final LongSupplier nanoTime;
    private final Map<Long, Set<InetAddress>> resolved = new ConcurrentHashMap<>();
    private final Map<Long, Long> lookedUp = new ConcurrentHashMap<>();

    PeerAddresses(long localSid, Map<Long, List<InetSocketAddress>> configured, DialResolver resolver, LongSupplier nanoTime) {
        this.localSid = localSid;
        this.configured = configured;
        this.resolver = resolver;
        this.nanoTime = nanoTime;
    }

    /** Looks up every configured peer (at start). */
    void refreshAll() {
        configured.keySet().forEach(this::lookUp);
    }

    /**
     * Whether {@code remote} is one of {@code server.sid}'s addresses as last resolved; a miss triggers a
     * (rate-limited) new lookup of that sid, whose result counts for later connections.
     */
    boolean matches(long sid, InetAddress remote) {
        Set<InetAddress> ips = resolved.get(sid);
        if (ips != null && ips.contains(remote)) {
            return true;
        }
        Long last = lookedUp.get(sid);
        if (last == null || nanoTime.getAsLong() - last >= REFRESH_NANOS) {
            lookUp(sid);
        }
        return false;
    }

    /** What {@code server.sid} resolved to, for messages. */
    String describe(long sid) {
        Set<InetAddress> ips = resolved.get(sid);
        return ips == null ? "(not resolved)" : ips.stream().map(InetAddress::getHostAddress).sorted().toList().toString();
    }

    /** Replaces what {@code sid}'s addresses resolve to; a name that fails keeps nothing, all failing keep the old set. */
    private void lookUp(long sid) {
        List<InetSocketAddress> addresses = configured.get(sid);
        if (addresses == null) {
            return;
        }
        lookedUp.put(sid, nanoTime.getAsLong());
        List<CompletableFuture<List<InetAddress>>> parts = addresses.stream()
                .map(a -> a.isUnresolved() ? resolver.resolveAll(a.getHostString())
                        : CompletableFuture.completedFuture(List.of(a.getAddress())))
                .toList();
        CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).whenComplete((v, err) -> {
            Set<InetAddress> ips = new HashSet<>();
            for (int i = 0; i < parts.size(); i++) {
                try {
                    ips.addAll(parts.get(i).join());
                } catch (java.util.concurrent.CompletionException e) {
                    LOG.warn("{}: cannot resolve {} of server.{} to check where its connections come from: {}", localSid,
                            LogText.escape(addresses.get(i).getHostString()), sid, LogText.escape(String.valueOf(e.getCause())));
                }
            }
            if (!ips.isEmpty()) {
                resolved.put(sid, Set.copyOf(ips));
            }
        });
    }
}
