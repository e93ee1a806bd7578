package dev.ballot.server.cli;

import dev.ballot.core.PeerState;
import dev.ballot.core.config.ConfigException;
import dev.ballot.core.config.EnsembleConfig;
import dev.ballot.core.config.MyIdFile;
import dev.ballot.core.config.ZooCfgParser;
import dev.ballot.core.trace.RingBufferTraceSink;
import dev.ballot.core.trace.TraceSink;
import dev.ballot.core.trace.Tracer;
import dev.ballot.server.Main;
import dev.ballot.server.PeerNode;
import dev.ballot.leadership.QuorumPeer;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        EnsembleConfig cfg;
        long sid;
        try {
            cfg = ZooCfgParser.parse(config);
            sid = MyIdFile.readFor(cfg);
        } catch (ConfigException e) {
            return Startup.fail(spec.commandLine().getErr(), e);
        }
        EventLoopGroup group = Runtimes.newGroup(2, "ballot-loop");
        ExecutorService io = Runtimes.newIoExecutor();
        PeerNode node;
        try {
            Optional<RingBufferTraceSink> sink = trace ? Optional.of(new RingBufferTraceSink()) : Optional.empty();
            node = PeerNode.launch(cfg, sid, group, io, tracingEvents(sid, sink), sink);
        } catch (Exception e) {
            Runtimes.shutdown(group, io);
            return Startup.fail(spec.commandLine().getErr(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("{}: shutting down", sid);
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
