package dev.ballot.server.cli;

import dev.ballot.core.PeerState;
import dev.ballot.core.config.ConfigException;
import dev.ballot.core.config.DataDir;
import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.config.MyIdFile;
import dev.ballot.core.config.ZooCfgParser;
import dev.ballot.core.trace.RingBufferTraceSink;
import dev.ballot.core.trace.TraceSink;
import dev.ballot.core.trace.Tracer;
import dev.ballot.server.Main;
import dev.ballot.server.PeerNode;
import dev.ballot.server.exec.ExecSupervisor;
import dev.ballot.server.exec.ExitPolicy;
import dev.ballot.server.watch.LeaderTracker;
import dev.ballot.leadership.QuorumPeer;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code run --config zoo.cfg}: one peer, {@code myid} from {@code dataDir}, until SIGTERM/SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs one peer of an ensemble from a ZooKeeper zoo.cfg (myid is read from dataDir).",
                "Stops cleanly on SIGTERM/SIGINT: a leader tells its followers it leaves, so they elect at once."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "1:runtime failure (a port cannot be bound)",
                "2:configuration error (zoo.cfg, myid or an epoch file); nothing was written",
                "143:stopped by SIGTERM (the JVM's code for a signal exit)"})
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "ZOO_CFG", description = "the zoo.cfg to run")
    Path config;

    @Option(names = "--trace", description = {"record this peer's election trace (the newest "
            + RingBufferTraceSink.DEFAULT_CAPACITY + " events, in memory) and serve it at GET /trace on the admin port;",
            "off by default"})
    boolean trace;

    @Option(names = "--exec", paramLabel = "COMMAND",
            description = {"run COMMAND (one string, with /bin/sh -c) only while this peer is the established leader,",
                    "with BALLOT_FENCING_TOKEN, BALLOT_LEADER_SID, BALLOT_MY_SID and BALLOT_ADMIN_URL set;",
                    "its process group gets SIGTERM when leadership is lost (or this JVM dies), SIGKILL after --exec-grace;",
                    "its output goes to this peer's log, prefixed exec[PID]"})
    String exec;

    @Option(names = "--exec-grace", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "time between SIGTERM and SIGKILL when the command must stop (default ${DEFAULT-VALUE})")
    Duration execGrace;

    @Option(names = "--exec-exit", defaultValue = "restart", paramLabel = "restart|resign|stay",
            converter = ExitPolicyConverter.class,
            description = {"when the command exits on its own while this peer leads: restart it (default; after a back-off",
                    "from 1 s doubling to 30 s while it keeps failing), resign leadership so that another peer runs it,",
                    "or stay leader without it until leadership is next acquired"})
    ExitPolicy execExit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        EnsembleConfig cfg;
        long sid;
        try {
            cfg = ZooCfgParser.parse(config);
            DataDir.check(cfg, LOG::warn);
            sid = MyIdFile.readFor(cfg);
        } catch (ConfigException e) {
            return Startup.fail(spec.commandLine().getErr(), e);
        }
        Optional<ExecSupervisor.Settings> execSettings;
        try {
            execSettings = exec == null ? Optional.empty()
                    : Optional.of(new ExecSupervisor.Settings(exec, execGrace, execExit));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("ballot-server: " + e.getMessage());
            return Main.CONFIG_ERROR;
        }
        EventLoopGroup group = Runtimes.newGroup(2, "ballot-loop");
        ExecutorService io = Runtimes.newIoExecutor();
        PeerNode node;
        try {
            Optional<RingBufferTraceSink> sink = trace ? Optional.of(new RingBufferTraceSink()) : Optional.empty();
            LeaderTracker leadership = new LeaderTracker(sid, Clock.systemUTC());
            node = PeerNode.launch(cfg, sid, group, io, tracingEvents(sid, sink), sink, leadership);
        } catch (Exception e) {
            Runtimes.shutdown(group, io);
            return Startup.fail(spec.commandLine().getErr(), e);
        }
        Optional<ExecSupervisor> supervisor = execSettings.map(x -> ExecSupervisor.forNode(node, cfg, x));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("{}: shutting down", sid);
            supervisor.ifPresent(ExecSupervisor::close); // the command stops before this peer's leadership ends
            node.closeAsync("sid " + sid + " is shutting down").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
            Runtimes.shutdown(group, io);
            LOG.info("{}: stopped", sid);
            stopped.countDown();
        }, "ballot-shutdown"));
        stopped.await();
        return Main.OK;
    }

    /** Records {@code epoch_established} into the trace, if tracing. */
    private static QuorumPeer.Events tracingEvents(long sid, Optional<RingBufferTraceSink> sink) {
        Tracer tracer = new Tracer(sid, System::nanoTime, sink.<TraceSink>map(s -> s).orElse(TraceSink.NOOP));
        return new QuorumPeer.Events() {
            @Override
            public void onEstablished(long peer, PeerState role, long leader, long epoch) {
                tracer.epochEstablished(leader, epoch);
            }
        };
    }
}
