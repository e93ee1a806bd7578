package dev.ballot.election.sim;

import java.util.PriorityQueue;

/**
 * Virtual time for the simulator: a queue of tasks ordered by (time, insertion order). Nothing
 * here reads a clock; {@link #now()} moves only when a task runs. Not thread-safe.
 */
public final class VirtualScheduler {
    private record Task(long time, long seq, Runnable action) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;
    private long executed;

    /** Virtual milliseconds since the start. */
    public long now() {
        return now;
    }

    /** Tasks run so far. */
    public long executed() {
        return executed;
    }

    /** Runs {@code action} {@code delayMs} virtual milliseconds from now. */
    public void schedule(long delayMs, Runnable action) {
        queue.add(new Task(now + Math.max(0, delayMs), seq++, action));
    }

    /** Runs tasks until the queue is empty or the next task is after {@code time}; then now = time. */
    public void runUntil(long time) {
        while (!queue.isEmpty() && queue.peek().time <= time) {
            Task t = queue.poll();
            now = t.time;
            executed++;
            t.action.run();
        }
        now = Math.max(now, time);
    }
}
