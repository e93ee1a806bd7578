package dev.ballot.server;

import dev.ballot.server.cli.LocalCommand;
import dev.ballot.server.cli.RunCommand;
import dev.ballot.server.cli.StatusCommand;
import dev.ballot.server.trace.TraceCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ballot-server.jar}: {@code run}, {@code local}, {@code status} and {@code trace}.
 * Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error, 3 ({@code status}) the
 * peer answered but is not healthy.
 */
@Command(name = "ballot-server", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Ballot: ZooKeeper-compatible leader election on Netty.",
        subcommands = {RunCommand.class, LocalCommand.class, StatusCommand.class, TraceCommand.class,
                CommandLine.HelpCommand.class},
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

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Ballot's exit codes for usage errors. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
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
