package dev.ballot.bench.cell;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Reads this JVM's resource figures: peak live threads, heap used right after a full GC, process CPU
 * time, and open sockets (entries of {@code /proc/self/fd} that link to {@code socket:[...]}; -1 where
 * {@code /proc} does not exist). Thread-safe (stateless apart from the JVM's own counters).
 */
public final class ProcessProbe {
    private static final Path FD_DIR = Path.of("/proc/self/fd");

    private ProcessProbe() {
    }

    /** Restarts the JVM's peak-thread counter at the current live count. */
    public static void resetPeakThreads() {
        ManagementFactory.getThreadMXBean().resetPeakThreadCount();
    }

    public static int peakThreads() {
        return ManagementFactory.getThreadMXBean().getPeakThreadCount();
    }

    public static int liveThreads() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return bean.getThreadCount();
    }

    /** Runs a full GC and returns the heap bytes still used. Takes tens of milliseconds: never inside a timed phase. */
    public static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** CPU time of the whole process, all threads, in nanoseconds (-1 if the JVM cannot tell). */
    public static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Open sockets of this process (TCP listeners and connections, also epoll's and other socket fds). */
    public static int openSockets() {
        if (!Files.isDirectory(FD_DIR)) {
            return -1;
        }
        try (Stream<Path> fds = Files.list(FD_DIR)) {
            return (int) fds.filter(ProcessProbe::isSocket).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean isSocket(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
        } catch (IOException | UnsupportedOperationException e) {
            return false; // the fd closed while we listed it
        }
    }
}
