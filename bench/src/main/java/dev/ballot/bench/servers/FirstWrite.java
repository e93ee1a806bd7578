package dev.ballot.bench.servers;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * A ZooKeeper client connected to every client port that times, after a leader kill, the first write the
 * ensemble acknowledges: creates {@code /bench-failover-<n>} until one returns OK.
 */
final class FirstWrite implements AutoCloseable {
    private static final int SESSION_TIMEOUT_MS = 30_000;
    private final ZooKeeper zk;
    private long next;

    private FirstWrite(ZooKeeper zk) {
        this.zk = zk;
    }

    /** Connects and makes one acknowledged write (so the session is live before the kill). */
    static FirstWrite connect(String connectString, int timeoutSeconds) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, SESSION_TIMEOUT_MS, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(timeoutSeconds, TimeUnit.SECONDS)) {
            zk.close();
            throw new IOException("no ZooKeeper session to " + connectString + " in " + timeoutSeconds + " s");
        }
        FirstWrite w = new FirstWrite(zk);
        if (w.awaitAcknowledged(System.nanoTime(), timeoutSeconds) < 0) {
            w.close();
            throw new IOException("no write acknowledged by " + connectString + " before the kill");
        }
        return w;
    }

    /** Micros from {@code fromNanos} to the first acknowledged create, or -1 after {@code timeoutSeconds}. */
    long awaitAcknowledged(long fromNanos, int timeoutSeconds) throws InterruptedException {
        long deadline = fromNanos + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            try {
                zk.create("/bench-failover-" + next++, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                return (System.nanoTime() - fromNanos) / 1000;
            } catch (KeeperException e) {
                // connection loss while the ensemble elects: the client reconnects; the next create waits for it
                Thread.sleep(1); // at most one attempt per millisecond while the client has no connection
            }
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        zk.close();
    }
}
