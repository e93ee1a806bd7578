package dev.ballot.leadership;

import dev.ballot.core.Reasons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Work that runs only while this member leads ({@link Leadership#runWhileLeader}): started with the
 * {@link LeaderContext} when leadership is acquired, its stage cancelled when it is lost, started
 * again at the next acquisition. {@link #close()} unregisters it and cancels a running stage.
 * Started and stopped on the leadership's event loop.
 */
final class LeaderWork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderWork.class);

    private final long mySid;
    private final Function<LeaderContext, ? extends CompletionStage<?>> body;
    private final Consumer<LeaderWork> unregister;
    private CompletableFuture<?> running; // the current term's stage, null when not running

    LeaderWork(long mySid, Function<LeaderContext, ? extends CompletionStage<?>> body, Consumer<LeaderWork> unregister) {
        this.mySid = mySid;
        this.body = body;
        this.unregister = unregister;
    }

    void start(LeaderContext c) {
        stop();
        try {
            CompletionStage<?> s = body.apply(c);
            running = s == null ? null : s.toCompletableFuture();
        } catch (RuntimeException e) {
            LOG.warn("{}: leader work failed to start under fencing token {}", mySid, c.fencingToken(), e);
            return;
        }
        if (running != null) {
            CompletableFuture<?> mine = running;
            mine.whenComplete((v, err) -> {
                if (err != null && !mine.isCancelled()) {
                    LOG.warn("{}: leader work under fencing token {} failed: {}", mySid, c.fencingToken(), Reasons.of(err));
                }
            });
        }
    }

    void stop() {
        CompletableFuture<?> r = running;
        running = null;
        if (r != null) {
            r.cancel(true);
        }
    }

    @Override
    public void close() {
        unregister.accept(this);
        stop();
    }
}
