package dev.ballot.bench;

import dev.ballot.bench.cell.CellCommand;
import dev.ballot.bench.compare.CompareCommand;
import dev.ballot.bench.jmh.JmhCommand;
import dev.ballot.bench.proxy.ProxyCommand;
import dev.ballot.bench.report.ReportCommand;
import dev.ballot.bench.servers.ServersCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ballot-bench.jar}: {@code compare} (election layers, Ballot vs ZooKeeper, one JVM
 * per cell), {@code servers} (whole server processes), {@code jmh} (microbenchmarks), plus the internal {@code cell} and {@code proxy} commands the
 * runner starts in child JVMs.
 */
@Command(name = "ballot-bench", mixinStandardHelpOptions = true, version = "ballot-bench 0.1.0",
        description = "Benchmarks Ballot's election against Apache ZooKeeper 3.9.5's on this machine.",
        subcommands = {CompareCommand.class, ReportCommand.class, ServersCommand.class, JmhCommand.class, CellCommand.class, ProxyCommand.class})
public final class BenchMain implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int run(String... args) {
        return new CommandLine(new BenchMain()).execute(args);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
