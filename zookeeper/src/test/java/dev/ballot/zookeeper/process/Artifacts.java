package dev.ballot.zookeeper.process;

import java.nio.file.Files;
import java.nio.file.Path;

/** The build's outputs the process tests run (the pom passes their paths; they exist after "package"). */
final class Artifacts {
    private Artifacts() {
    }

    static Path selfContainedJar() {
        return existing("ballot.zookeeper.jar", "target/ballot-zookeeper.jar");
    }

    static Path pluginJar() {
        return existing("ballot.zookeeper.plugin", "target/ballot-zookeeper-plugin.jar");
    }

    /** The plugin's wrapper script. */
    static Path wrapperScript() {
        return existing("ballot.zookeeper.script", "target/ballot-zkServer.sh");
    }

    /** A stock ZooKeeper 3.9.5 lib/ folder (ZooKeeper's own Netty 4.1 and logback 1.3). */
    static Path stockLib() {
        return existing("ballot.zookeeper.stockLib", "target/zookeeper-lib");
    }

    private static Path existing(String property, String fallback) {
        Path p = Path.of(System.getProperty(property, fallback));
        if (!Files.exists(p)) {
            throw new IllegalStateException(p.toAbsolutePath() + " not found: run the process tests with mvn verify");
        }
        return p;
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
