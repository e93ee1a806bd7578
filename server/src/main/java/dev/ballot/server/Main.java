package dev.ballot.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ballot-server.jar}. Exit codes: 0 success, 1 runtime failure, 2 usage or
 * configuration error.
 */
@Command(name = "ballot-server", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Ballot: ZooKeeper-compatible leader election on Netty.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:runtime failure", "2:usage or configuration error"})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Reads the version Maven filtered into {@code ballot-version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws Exception {
            java.util.Properties p = new java.util.Properties();
            try (var in = Main.class.getResourceAsStream("/ballot-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"ballot-server " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version")};
        }
    }
}
