package dev.ballot.transport.netty;

import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.config.QuorumServer;
import dev.ballot.core.config.QuorumTlsConfig;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link NettyQuorumTransport}. Immutable; build with {@link #builder()} or derive from
 * a parsed {@code zoo.cfg} with {@link #from(EnsembleConfig, long)}. Addresses are unresolved ({@link
 * InetSocketAddress#createUnresolved}); they are resolved when dialing or binding, off the event loops.
 *
 * @param myId               this peer's sid ({@code myid}); must be a key of {@code peers}
 * @param peers              election addresses by sid, this peer included ({@code server.N=host:port:electionPort})
 * @param listenOnAllIPs     bind the wildcard address on this peer's election port(s) ({@code quorumListenOnAllIPs}, default false)
 * @param multiAddress       send the V2 initial message with every own address instead of V1 with the first
 *                           ({@code multiAddress.enabled}, default false)
 * @param connectTimeout     TCP connect timeout of a dial ({@code cnxTimeout}, default {@link #DEFAULT_CONNECT_TIMEOUT} 5 s)
 * @param handshakeTimeout   time an accepted connection has to complete TLS and its initial message, and a dialed
 *                           one its TLS handshake (Ballot; default: the connect timeout)
 * @param sendQueueCapacity  messages kept per peer while not writable; the oldest is dropped when full
 *                           (Ballot; default {@link #DEFAULT_SEND_QUEUE_CAPACITY} 1, ZooKeeper's value)
 * @param reconnectMinDelay  first reconnect delay after a failed or lost connection (Ballot; default 100 ms)
 * @param reconnectMaxDelay  cap of the doubling reconnect delay (Ballot; default 10 s)
 * @param acceptUnknownSids  accept initial messages from sids not in {@code peers} and dial them back at the
 *                           address they advertise, as ZooKeeper does ({@code ballot.quorum.acceptUnknownSids}, default false)
 * @param tls                {@code sslQuorum}, {@code portUnification}, {@code ssl.quorum.*} and sid identities
 * @param tcpKeepAlive       SO_KEEPALIVE on election connections ({@code tcpKeepAlive}, default false)
 * @param writeBufferLowBytes  low water mark of a channel's outbound buffer (Ballot; default 32 KiB)
 * @param writeBufferHighBytes high water mark: above it a peer's messages wait in its send queue (Ballot; default 64 KiB)
 * @param ioThreads          threads of the event loop group the transport creates when none is given (Ballot; default 2)
 * @param preferNative       use native epoll when available (Ballot; default true)
 * @param checkPeerAddress   refuse an accepted connection claiming a configured sid N unless it comes from one of
 *                           {@code server.N}'s addresses (host names resolved off the event loops)
 *                           ({@code ballot.quorum.checkPeerAddress}, default false: ZooKeeper checks nothing)
 */
public record TransportConfig(long myId, Map<Long, List<InetSocketAddress>> peers, boolean listenOnAllIPs,
                              boolean multiAddress, Duration connectTimeout, Duration handshakeTimeout,
                              int sendQueueCapacity, Duration reconnectMinDelay, Duration reconnectMaxDelay,
                              boolean acceptUnknownSids, QuorumTlsConfig tls, boolean tcpKeepAlive,
                              int writeBufferLowBytes, int writeBufferHighBytes, int ioThreads, boolean preferNative,
                              boolean checkPeerAddress) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_SEND_QUEUE_CAPACITY = 1;
    public static final Duration DEFAULT_RECONNECT_MIN_DELAY = Duration.ofMillis(100);
    public static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(10);
    public static final int DEFAULT_WRITE_BUFFER_LOW_BYTES = 32 * 1024;
    public static final int DEFAULT_WRITE_BUFFER_HIGH_BYTES = 64 * 1024;
    public static final int DEFAULT_IO_THREADS = 2;

    public TransportConfig {
        Map<Long, List<InetSocketAddress>> copy = new LinkedHashMap<>();
        Objects.requireNonNull(peers, "peers").forEach((sid, addrs) -> copy.put(sid, List.copyOf(addrs)));
        peers = java.util.Collections.unmodifiableMap(copy);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(reconnectMinDelay, "reconnectMinDelay");
        Objects.requireNonNull(reconnectMaxDelay, "reconnectMaxDelay");
        Objects.requireNonNull(tls, "tls");
        List<InetSocketAddress> own = peers.get(myId);
        require(own != null && !own.isEmpty(), "peers", peers.keySet(), "must contain myId " + myId + " with an address");
        peers.forEach((sid, addrs) -> require(!addrs.isEmpty(), "peers[" + sid + "]", addrs, "needs at least one address"));
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("handshakeTimeout", handshakeTimeout);
        requirePositive("reconnectMinDelay", reconnectMinDelay);
        require(reconnectMaxDelay.compareTo(reconnectMinDelay) >= 0, "reconnectMaxDelay", reconnectMaxDelay, "must be >= reconnectMinDelay");
        require(sendQueueCapacity >= 1, "sendQueueCapacity", sendQueueCapacity, "must be >= 1");
        require(writeBufferLowBytes > 0 && writeBufferHighBytes >= writeBufferLowBytes, "writeBufferHighBytes",
                writeBufferHighBytes, "must be >= writeBufferLowBytes (" + writeBufferLowBytes + ") > 0");
        require(ioThreads >= 1, "ioThreads", ioThreads, "must be >= 1");
    }

    /**
     * The transport settings of peer {@code myId} in a parsed {@code zoo.cfg}: every member's election
     * addresses, {@code cnxTimeout} (also the handshake timeout), {@code quorumListenOnAllIPs},
     * {@code multiAddress.enabled}, {@code ballot.quorum.acceptUnknownSids}, {@code ballot.quorum.checkPeerAddress}
     * and the TLS settings.
     */
    public static TransportConfig from(EnsembleConfig cfg, long myId) {
        Builder b = builder().myId(myId).connectTimeout(cfg.cnxTimeout()).handshakeTimeout(cfg.cnxTimeout())
                .listenOnAllIPs(cfg.quorumListenOnAllIPs()).multiAddress(cfg.multiAddressEnabled())
                .acceptUnknownSids(cfg.acceptUnknownSids()).checkPeerAddress(cfg.checkPeerAddress()).tls(cfg.tls());
        for (QuorumServer server : cfg.quorum().allMembers().values()) {
            b.peer(server.sid(), server.electionAddresses());
        }
        return b.build();
    }

    /** This peer's own election addresses. */
    public List<InetSocketAddress> ownAddresses() {
        return peers.get(myId);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void require(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("TransportConfig." + key + "=" + value + ": " + rule);
        }
    }

    private static void requirePositive(String key, Duration value) {
        require(!value.isNegative() && !value.isZero(), key, value, "must be > 0");
    }

    /** Builder with every default set; {@link #myId} and the peers are required. */
    public static final class Builder {
        private long myId = -1;
        private final Map<Long, List<InetSocketAddress>> peers = new LinkedHashMap<>();
        private boolean listenOnAllIPs;
        private boolean multiAddress;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration handshakeTimeout;
        private int sendQueueCapacity = DEFAULT_SEND_QUEUE_CAPACITY;
        private Duration reconnectMinDelay = DEFAULT_RECONNECT_MIN_DELAY;
        private Duration reconnectMaxDelay = DEFAULT_RECONNECT_MAX_DELAY;
        private boolean acceptUnknownSids;
        private QuorumTlsConfig tls = QuorumTlsConfig.DISABLED;
        private boolean tcpKeepAlive;
        private int writeBufferLowBytes = DEFAULT_WRITE_BUFFER_LOW_BYTES;
        private int writeBufferHighBytes = DEFAULT_WRITE_BUFFER_HIGH_BYTES;
        private int ioThreads = DEFAULT_IO_THREADS;
        private boolean preferNative = true;
        private boolean checkPeerAddress;

        private Builder() {
        }

        public Builder myId(long v) { this.myId = v; return this; }
        /** Adds or replaces the election address(es) of {@code sid}. */
        public Builder peer(long sid, List<InetSocketAddress> addresses) { peers.put(sid, List.copyOf(addresses)); return this; }
        /** Adds or replaces one single-address peer; the address is kept unresolved. */
        public Builder peer(long sid, String host, int electionPort) {
            return peer(sid, List.of(InetSocketAddress.createUnresolved(host, electionPort)));
        }
        public Builder listenOnAllIPs(boolean v) { this.listenOnAllIPs = v; return this; }
        public Builder multiAddress(boolean v) { this.multiAddress = v; return this; }
        public Builder connectTimeout(Duration v) { this.connectTimeout = v; return this; }
        /** Defaults to the connect timeout when not set. */
        public Builder handshakeTimeout(Duration v) { this.handshakeTimeout = v; return this; }
        public Builder sendQueueCapacity(int v) { this.sendQueueCapacity = v; return this; }
        public Builder reconnectMinDelay(Duration v) { this.reconnectMinDelay = v; return this; }
        public Builder reconnectMaxDelay(Duration v) { this.reconnectMaxDelay = v; return this; }
        public Builder acceptUnknownSids(boolean v) { this.acceptUnknownSids = v; return this; }
        public Builder tls(QuorumTlsConfig v) { this.tls = v; return this; }
        public Builder tcpKeepAlive(boolean v) { this.tcpKeepAlive = v; return this; }
        public Builder writeBufferLowBytes(int v) { this.writeBufferLowBytes = v; return this; }
        public Builder writeBufferHighBytes(int v) { this.writeBufferHighBytes = v; return this; }
        public Builder ioThreads(int v) { this.ioThreads = v; return this; }
        public Builder preferNative(boolean v) { this.preferNative = v; return this; }
        public Builder checkPeerAddress(boolean v) { this.checkPeerAddress = v; return this; }

        /** @throws IllegalArgumentException naming the setting, its value and the rule it breaks */
        public TransportConfig build() {
            return new TransportConfig(myId, peers, listenOnAllIPs, multiAddress, connectTimeout,
                    handshakeTimeout == null ? connectTimeout : handshakeTimeout, sendQueueCapacity, reconnectMinDelay,
                    reconnectMaxDelay, acceptUnknownSids, tls, tcpKeepAlive, writeBufferLowBytes, writeBufferHighBytes,
                    ioThreads, preferNative, checkPeerAddress);
        }
    }
}
