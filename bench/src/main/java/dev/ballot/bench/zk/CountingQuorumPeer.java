package dev.ballot.bench.zk;

import org.apache.zookeeper.server.quorum.QuorumCnxManager;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.auth.NullQuorumAuthLearner;
import org.apache.zookeeper.server.quorum.auth.NullQuorumAuthServer;
import org.apache.zookeeper.server.quorum.flexible.QuorumMaj;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * ZooKeeper's own {@link QuorumPeer}, constructed as its election tests construct it (member map, data
 * directory, election algorithm 3), whose {@link QuorumCnxManager} counts the notification frames handed
 * to it and delivered by it. Nothing of ZooKeeper's behaviour is changed: the counting subclass only
 * increments two adders and delegates.
 *
 * <p>Thread-safe as {@code QuorumPeer} is; the counters are shared by the ensemble.
 */
final class CountingQuorumPeer extends QuorumPeer {
    private static final int ELECTION_ALGORITHM_FLE = 3;
    private static final int CNXN_THREADS = 20;

    private final LongAdder sent;
    private final LongAdder received;

    CountingQuorumPeer(Map<Long, QuorumServer> view, File dataDir, long myId, ZkSettings settings,
                       LongAdder sent, LongAdder received) throws IOException {
        super(view, dataDir, dataDir, ELECTION_ALGORITHM_FLE, myId, settings.tickTimeMs(), settings.initLimit(),
                settings.syncLimit(), settings.syncLimit(), false, null, new QuorumMaj(view));
        this.sent = sent;
        this.received = received;
    }

    @Override
    public QuorumCnxManager createCnxnManager() {
        int socketTimeout = getTickTime() * getSyncLimit();
        return new QuorumCnxManager(this, getMyId(), getView(), new NullQuorumAuthServer(),
                new NullQuorumAuthLearner(), socketTimeout, false, CNXN_THREADS, false) {
            @Override
            public void toSend(Long sid, ByteBuffer b) {
                sent.increment();
                super.toSend(sid, b);
            }

            @Override
            public void addToRecvQueue(Message msg) {
                received.increment();
                super.addToRecvQueue(msg);
            }
        };
    }
}
