package dev.ballot.zookeeper.process;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/** A process test: one {@link ZkEnsemble} in a temp folder, every process it started killed after each test. */
@Tag("process")
abstract class ProcessTest {
    @TempDir
    Path dir;
    ZkEnsemble ensemble;

    @AfterEach
    void stopEveryServer() {
        if (ensemble != null) {
            ensemble.close();
        }
    }
}
