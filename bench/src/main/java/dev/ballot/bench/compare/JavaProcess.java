package dev.ballot.bench.compare;

import dev.ballot.bench.BenchMain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link ProcessBuilder} for a child JVM running {@link BenchMain} with the same {@code java}
 * binary and class path as this JVM, so cells and proxies run exactly the code the runner runs.
 */
public final class JavaProcess {
    private JavaProcess() {
    }

    /** {@code java <jvmArgs> -cp <this classpath> dev.ballot.bench.BenchMain <args>}. */
    public static ProcessBuilder builder(List<String> jvmArgs, List<String> args) {
        return builder(BenchMain.class.getName(), jvmArgs, args);
    }

    /** {@code java <jvmArgs> -cp <this classpath> <mainClass> <args>}. */
    public static ProcessBuilder builder(String mainClass, List<String> jvmArgs, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return new ProcessBuilder(cmd);
    }
}
