package dev.ballot.leadership;

import dev.ballot.leadership.quorum.EpochPersistence;
import dev.ballot.leadership.quorum.EpochState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real files: a write the operating system refuses is reported with the file and the OS's reason. */
class FileEpochsTest {
    @TempDir
    Path data;

    @Test
    void refusedWrite_namesTheFileAndTheOperatingSystemsReason() throws Exception {
        FileEpochs epochs = FileEpochs.load(data, Runnable::run);
        epochs.createMissing();
        // a directory where the temp file must go: the OS refuses the write even for root (chmod would not)
        Files.createDirectory(epochs.directory().resolve("acceptedEpoch.tmp"));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> epochs.persistAccepted(4).get(5, TimeUnit.SECONDS));
        String message = EpochPersistence.failureMessage(e.getCause());
        assertTrue(message.startsWith("cannot write " + epochs.directory().resolve("acceptedEpoch") + ": ")
                && message.toLowerCase(java.util.Locale.ROOT).contains("is a directory"), message);
        assertEquals(new EpochState(0, 0, 0), epochs.read(), "nothing changed");
    }

    @Test
    void freshStartThatCannotWrite_namesTheFile() throws Exception {
        FileEpochs epochs = FileEpochs.load(data, Runnable::run);
        Files.createDirectories(epochs.directory().resolve("acceptedEpoch.tmp"));
        IOException e = assertThrows(IOException.class, epochs::createMissing);
        assertTrue(e.getMessage().startsWith("cannot write " + epochs.directory().resolve("acceptedEpoch") + ": "),
                e.getMessage());
    }
}
