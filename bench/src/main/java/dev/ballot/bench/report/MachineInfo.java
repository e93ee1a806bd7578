package dev.ballot.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * The machine a run happened on, for the report header: processors, CPU model ({@code /proc/cpuinfo}),
 * Java runtime and OS, and when. Immutable.
 *
 * @param processors available processors
 * @param cpuModel   CPU model name, or {@code unknown}
 * @param java       Java VM name and runtime version
 * @param os         OS name, version, architecture
 * @param when       start of the run
 */
public record MachineInfo(int processors, String cpuModel, String java, String os, Instant when) {

    public static MachineInfo current() {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), readCpuModel(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"), Instant.now());
    }

    private static String readCpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
