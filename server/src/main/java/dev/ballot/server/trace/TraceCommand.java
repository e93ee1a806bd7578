package dev.ballot.server.trace;

import dev.ballot.core.Reasons;
import dev.ballot.core.trace.TraceEvent;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code ballot-server trace render FILE --format mermaid|svg|summary [--out F] [--types T,..]
 * [--from-ms MS] [--to-ms MS]}: reads a JSON-lines trace ({@code local --trace FILE}, or
 * {@code GET /trace} saved to a file; {@code -} reads standard input), keeps the events of the
 * chosen types and time window (milliseconds after the first event), and writes their sequence
 * diagram or summary table to {@code F} or standard output.
 *
 * <p>Exit codes: 0 success; 1 I/O failure; 2 usage error, missing file or malformed trace (the
 * message names the file and the line). Registered as a subcommand of {@code ballot-server}.
 */
@Command(name = "trace", mixinStandardHelpOptions = true, subcommands = TraceCommand.Render.class,
        description = "Work with election traces (JSON lines, one event per line).")
public final class TraceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Runs {@code trace} on its own: {@code java -cp ballot-server.jar dev.ballot.server.trace.TraceCommand render FILE}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new TraceCommand()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code trace render}. */
    @Command(name = "render", mixinStandardHelpOptions = true,
            description = "Draw a trace as a sequence diagram (Mermaid or SVG) or a per-election summary table.")
    static final class Render implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "JSON-lines trace; '-' for standard input")
        String file;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "mermaid",
                converter = FormatConverter.class,
                description = "mermaid, svg or summary (default: ${DEFAULT-VALUE})")
        TraceRenderer.Format format;

        @Option(names = "--out", paramLabel = "F", description = "write here instead of standard output")
        Path out;

        @Option(names = "--types", paramLabel = "TYPE", split = ",",
                description = "only these event types, e.g. connection_opened,connection_dropped,connection_closed")
        Set<String> types;

        @Option(names = "--from-ms", paramLabel = "MS",
                description = "only events at least MS milliseconds after the trace's first event")
        Long fromMs;

        @Option(names = "--to-ms", paramLabel = "MS",
                description = "only events at most MS milliseconds after the trace's first event")
        Long toMs;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            List<TraceEvent> events;
            try {
                events = read();
            } catch (NoSuchFileException e) {
                err.println("trace render: " + file + ": no such file");
                return 2;
            } catch (TraceFormatException e) {
                err.println("trace render: " + file + ": " + e.getMessage());
                return 2;
            } catch (IOException e) {
                err.println("trace render: " + file + ": cannot read: " + Reasons.of(e));
                return 1;
            }
            String rendered = TraceRenderer.render(select(events), format);
            try {
                if (out == null) {
                    spec.commandLine().getOut().print(rendered);
                    spec.commandLine().getOut().flush();
                } else {
                    Files.writeString(out, rendered, StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                err.println("trace render: " + out + ": cannot write: " + Reasons.of(e));
                return 1;
            }
            return 0;
        }

        /** The events that pass {@code --types}, {@code --from-ms} and {@code --to-ms}. */
        private List<TraceEvent> select(List<TraceEvent> events) {
            long origin = events.stream().mapToLong(TraceEvent::nanos).min().orElse(0);
            long from = fromMs == null ? Long.MIN_VALUE : origin + fromMs * 1_000_000;
            long to = toMs == null ? Long.MAX_VALUE : origin + toMs * 1_000_000;
            return events.stream().filter(e -> types == null || types.contains(e.type()))
                    .filter(e -> e.nanos() >= from && e.nanos() <= to).toList();
        }

        private List<TraceEvent> read() throws IOException {
            if ("-".equals(file)) {
                return TraceJson.read(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
            }
            try (BufferedReader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                return TraceJson.read(in);
            }
        }
    }

    /** Reads {@code --format} case-insensitively and names the choices when it is wrong. */
    static final class FormatConverter implements CommandLine.ITypeConverter<TraceRenderer.Format> {
        @Override
        public TraceRenderer.Format convert(String value) {
            try {
                return TraceRenderer.Format.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a format; expected mermaid, svg or summary");
            }
        }
    }
}
