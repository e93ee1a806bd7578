package dev.ballot.server;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code main} builds only the subcommand it runs, and that subcommand is the same as in the whole command line. */
class MainTest {
    private static final List<String> NAMES = List.of("run", "local", "status", "trace", "help");

    @Test
    void aSubcommandFirst_buildsThatOneOnly() {
        for (String name : List.of("run", "local", "status", "trace")) {
            assertEquals(Set.of(name), Main.commandLine(new String[] {name, "--whatever"}).getSubcommands().keySet());
        }
        assertEquals(NAMES, List.copyOf(Main.commandLine(new String[] {"help", "run"}).getSubcommands().keySet()));
        assertEquals(NAMES, List.copyOf(Main.commandLine(new String[] {}).getSubcommands().keySet()));
        assertEquals(NAMES, List.copyOf(Main.commandLine(new String[] {"--help"}).getSubcommands().keySet()));
        assertEquals(NAMES, List.copyOf(Main.commandLine(new String[] {"rnu"}).getSubcommands().keySet()),
                "an unknown command gets the whole list in its error");
    }

    @Test
    void theLoneSubcommand_printsAndRefusesAsInTheWholeCommandLine() {
        for (String name : List.of("run", "local", "status", "trace")) {
            CommandLine whole = Main.commandLine().getSubcommands().get(name);
            CommandLine lone = Main.commandLine(new String[] {name}).getSubcommands().get(name);
            assertEquals(whole.getUsageMessage(), lone.getUsageMessage(), name + " --help");
            assertEquals(whole.getCommandSpec().qualifiedName(), lone.getCommandSpec().qualifiedName());
            assertEquals(run(Main.commandLine(), name, "--no-such-option"),
                    run(Main.commandLine(new String[] {name}), name, "--no-such-option"), name + " with a bad option");
        }
    }

    /** Exit code and stderr of {@code args}. */
    private static String run(CommandLine cl, String... args) {
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int code = cl.execute(args);
        assertEquals(Main.CONFIG_ERROR, code, err.toString());
        return code + ": " + err;
    }
}
