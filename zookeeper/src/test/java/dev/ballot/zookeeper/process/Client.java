package dev.ballot.zookeeper.process;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * A ZooKeeper 3.9.5 client for the process tests: creates znodes and tells which creates were acknowledged
 * (returned OK); a create that failed with a connection loss may or may not have been applied, so it is not
 * counted. An expired session is replaced by a new one.
 */
final class Client implements AutoCloseable {
    static final int SESSION_TIMEOUT_MS = 30_000;
    private final String connectString;
    private ZooKeeper zk;

    private Client(String connectString) throws IOException, InterruptedException {
        this.connectString = connectString;
        this.zk = open();
    }

    /** Connects and waits for the session (at most {@code timeout}). */
    static Client connect(String connectString) throws IOException, InterruptedException {
        return new Client(connectString);
    }

    private ZooKeeper open() throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper z = new ZooKeeper(connectString, SESSION_TIMEOUT_MS, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(60, TimeUnit.SECONDS)) {
            z.close();
            throw new AssertionError("no ZooKeeper session to " + connectString + " within 60 s");
        }
        return z;
    }

    /** Creates {@code path} (persistent); true if acknowledged, false if the outcome is unknown. */
    boolean create(String path) throws InterruptedException, KeeperException, IOException {
        try {
            zk.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            return true;
        } catch (KeeperException.ConnectionLossException | KeeperException.OperationTimeoutException e) {
            return false;
        } catch (KeeperException.SessionExpiredException | KeeperException.SessionMovedException e) {
            zk.close();
            zk = open();
            return false;
        }
    }

    /** Creates {@code parent} if it does not exist (retrying connection losses until {@code timeout}). */
    void ensure(String parent, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (create(parent)) {
                    return;
                }
            } catch (KeeperException.NodeExistsException e) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("cannot create " + parent + " within " + timeout);
            }
        }
    }

    /**
     * Creates {@code prefix-<n>} with increasing n until one is acknowledged; adds it to {@code acked}.
     *
     * @return the acknowledged path
     */
    String createUntilAcknowledged(String prefix, int[] counter, Set<String> acked, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            String path = prefix + "-" + counter[0]++;
            if (create(path)) {
                acked.add(path);
                return path;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no write acknowledged within " + timeout + " (" + connectString + ")");
            }
        }
    }

    /** The children of {@code parent} after a sync with the leader (this client's server, fully caught up). */
    Set<String> childrenAfterSync(String parent) throws Exception {
        CountDownLatch synced = new CountDownLatch(1);
        zk.sync(parent, (rc, p, ctx) -> synced.countDown(), null);
        if (!synced.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("sync on " + connectString + " did not complete in 30 s");
        }
        List<String> names = zk.getChildren(parent, false);
        Set<String> out = new HashSet<>();
        for (String n : names) {
            out.add(parent + "/" + n);
        }
        return out;
    }

    byte[] read(String path) throws Exception {
        return zk.getData(path, false, null);
    }

    @Override
    public void close() throws InterruptedException {
        zk.close();
    }
}
