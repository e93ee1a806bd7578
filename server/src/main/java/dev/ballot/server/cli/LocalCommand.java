package dev.ballot.server.cli;

import dev.ballot.server.Main;
import dev.ballot.server.exec.ExecSupervisor;
import dev.ballot.server.exec.ExitPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code local --nodes N}: a whole ensemble on loopback in this process, for a first look and demos. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Runs a whole ensemble of N peers on 127.0.0.1 in this process.",
                "Each peer has its own zoo.cfg, data folder and ports; one line is printed per election and role change.",
                "Ctrl-C stops cleanly."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped (Ctrl-C or --run-for elapsed)", "1:runtime failure (a port cannot be bound)",
                "2:usage error"})
public final class LocalCommand implements Callable<Integer> {

    @Option(names = {"-n", "--nodes"}, defaultValue = "3", description = "peers to run (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = {"-d", "--dir"}, paramLabel = "DIR",
            description = "where the peers' zoo.cfg and data folders go, kept on exit (default: a new temporary folder, removed on exit)")
    Path dir;

    @Option(names = {"-p", "--base-port"}, defaultValue = "0", paramLabel = "PORT",
            description = "peer i uses PORT+3(i-1) (quorum), +1 (election), +2 (admin); 0: free ports from the OS (default)")
    int basePort;

    @Option(names = "--tick-time", defaultValue = "500ms", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "zoo.cfg tickTime (default ${DEFAULT-VALUE}); initLimit=10, syncLimit=5")
    Duration tickTime;

    @Option(names = "--kill-leader-every", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "stop the established leader's peer this often, and restart it a moment later")
    Duration killLeaderEvery;

    @Option(names = "--run-for", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "stop after this long (default: until Ctrl-C)")
    Duration runFor;

    @Option(names = "--trace", paramLabel = "FILE",
            description = {"when stopping, write every peer's election trace to FILE (JSON lines, merged in time order);",
                    "draw it with: trace render FILE --format mermaid|svg|summary. Each peer also serves /trace."})
    Path traceFile;

    @Option(names = "--exec", paramLabel = "COMMAND",
            description = {"run COMMAND with /bin/sh -c on whichever peer is the established leader, as run --exec does",
                    "(BALLOT_FENCING_TOKEN, BALLOT_LEADER_SID, BALLOT_MY_SID, BALLOT_ADMIN_URL; stopped when leadership moves)"})
    String exec;

    @Option(names = "--exec-grace", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "time between SIGTERM and SIGKILL when the command must stop (default ${DEFAULT-VALUE})")
    Duration execGrace;

    @Option(names = "--exec-exit", defaultValue = "restart", paramLabel = "restart|resign|stay",
            converter = ExitPolicyConverter.class,
            description = "when the command exits on its own while its peer leads (default ${DEFAULT-VALUE}); see run --help")
    ExitPolicy execExit;

    @Option(names = {"-v", "--verbose"}, description = "also show the peers' INFO log lines")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (nodes < 1 || nodes > 99) {
            spec.commandLine().getErr().println("ballot-server: --nodes must be 1..99, got " + nodes);
            return Main.CONFIG_ERROR;
        }
        if (basePort < 0 || basePort + 3 * nodes > 65535) {
            spec.commandLine().getErr().println("ballot-server: --base-port " + basePort + " leaves no room for " + nodes + " peers");
            return Main.CONFIG_ERROR;
        }
        Logs.quietUnless(verbose);
        Path root = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("ballot-local-");
        LocalEnsemble ensemble = new LocalEnsemble(root, nodes, basePort, tickTime, System.out,
                Optional.ofNullable(traceFile));
        if (exec != null) {
            try {
                ensemble.exec(new ExecSupervisor.Settings(exec, execGrace, execExit));
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("ballot-server: " + e.getMessage());
                return Main.CONFIG_ERROR;
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable shutdown = () -> {
            ensemble.close();
            if (dir == null) {
                TempFolders.deleteQuietly(root);
            }
        };
        Thread hook = new Thread(() -> {
            shutdown.run();
            stopped.countDown();
        }, "ballot-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            ensemble.start(Optional.ofNullable(killLeaderEvery));
        } catch (RuntimeException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            shutdown.run();
            return Startup.fail(spec.commandLine().getErr(), e);
        }
        if (runFor != null) {
            if (!stopped.await(runFor.toMillis(), TimeUnit.MILLISECONDS)) {
                Runtime.getRuntime().removeShutdownHook(hook);
                shutdown.run();
            }
            return Main.OK;
        }
        stopped.await();
        return Main.OK;
    }
}
