package dev.ballot.bench.jmh;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code jmh [JMH options]}: runs the JMH microbenchmarks packed into this jar with JMH's own command line,
 * e.g. {@code jmh -prof gc NotificationCodec}. {@code jmh -h} lists JMH's options.
 */
@Command(name = "jmh", description = {"Runs the JMH microbenchmarks (JMH's own options follow, e.g. '-prof gc -f 1"
        + " NotificationCodec'; '-l' lists them, '-h' shows JMH's help)."})
public final class JmhCommand implements Callable<Integer> {
    /** Everything after {@code jmh}, options included, goes to {@code org.openjdk.jmh.Main}. */
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
        return 0;
    }
}
