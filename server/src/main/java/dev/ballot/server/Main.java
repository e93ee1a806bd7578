package dev.ballot.server;

import dev.ballot.server.cli.LocalCommand;
import dev.ballot.server.cli.RunCommand;
import dev.ballot.server.cli.StatusCommand;
import dev.ballot.server.trace.TraceCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Entry point of {@code ballot-server.jar}: {@code run}, {@code local}, {@code status} and {@code trace}.
 * Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error, 3 ({@code status}) the
 * peer answered but is not healthy.
 */
@Command(name = "ballot-server", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Ballot: ZooKeeper-compatible leader election on Netty.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:runtime failure (a port cannot be bound, a peer cannot be reached)",
                "2:usage or configuration error (zoo.cfg, myid, epoch files)",
                "3:status: the peer answered but is not healthy"})
public final class Main implements Runnable {
    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: runtime failure. */
    public static final int RUNTIME_FAILURE = 1;
    /** Exit code: usage or configuration error. */
    public static final int CONFIG_ERROR = 2;
    /** Exit code of {@code status}: reachable but not healthy. */
    public static final int UNHEALTHY = 3;

    /** The subcommands by name, in the order the usage lists them. */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("run", RunCommand::new);
        m.put("local", LocalCommand::new);
        m.put("status", StatusCommand::new);
        m.put("trace", TraceCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return Collections.unmodifiableMap(m);
    }

    /** The command line with every subcommand and Ballot's exit codes for usage errors. */
    public static CommandLine commandLine() {
        return commandLine(COMMANDS.keySet());
    }

    /**
     * The command line for {@code args}: when they start with a subcommand other than {@code help}, with that
     * one only, else {@link #commandLine()}. picocli builds the model of every command it is given, by
     * reflection, before parsing; for {@code run} the other four were a third of the JVM's start-up.
     * What the chosen subcommand accepts, prints and returns is the same either way.
     */
    public static CommandLine commandLine(String[] args) {
        if (args.length > 0 && COMMANDS.containsKey(args[0]) && !"help".equals(args[0])) {
            return commandLine(Set.of(args[0]));
        }
        return commandLine();
    }

    private static CommandLine commandLine(Set<String> names) {
        CommandLine cl = new CommandLine(new Main());
        COMMANDS.forEach((name, command) -> {
            if (names.contains(name)) {
                cl.addSubcommand(name, command.get());
            }
        });
        cl.getCommandSpec().exitCodeOnInvalidInput(CONFIG_ERROR);
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().exitCodeOnInvalidInput(CONFIG_ERROR);
        }
        return cl;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Prints the version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ballot-server " + BallotVersion.get(), "Java " + System.getProperty("java.version")};
        }
    }
}
