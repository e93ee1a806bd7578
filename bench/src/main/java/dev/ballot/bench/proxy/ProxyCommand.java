package dev.ballot.bench.proxy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code proxy}: runs one {@link LossyProxy} per {@code sid=port} target, prints
 * {@code PROXY sid=proxyPort ...} once all listen, and runs until killed.
 */
@Command(name = "proxy", hidden = true, description = "Internal: frame-dropping proxies for the loss scenario.")
public final class ProxyCommand implements Callable<Integer> {
    @Option(names = "--loss", required = true, description = "Percent of frames to drop.")
    double lossPct;
    @Option(names = "--seed", defaultValue = "1")
    long seed;
    @Parameters(description = "sid=port targets", arity = "1..*")
    Map<Long, Integer> targets;

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<LossyProxy> proxies = new ArrayList<>();
        StringBuilder line = new StringBuilder(ProxyProcess.READY);
        long s = seed;
        for (Map.Entry<Long, Integer> t : targets.entrySet()) {
            LossyProxy p = new LossyProxy(t.getValue(), lossPct / 100.0, s++);
            proxies.add(p);
            line.append(' ').append(t.getKey()).append('=').append(p.port());
        }
        System.out.println(line);
        System.out.flush();
        // until the cell JVM closes our stdin, or dies (a cell that exits abnormally left its proxies running)
        while (System.in.read() != -1) {
            // nothing is sent on stdin; it only tells us the parent is alive
        }
        for (LossyProxy p : proxies) {
            p.close();
        }
        return 0;
    }
}
