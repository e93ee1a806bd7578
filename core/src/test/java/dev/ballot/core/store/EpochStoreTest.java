package dev.ballot.core.store;

import dev.ballot.core.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpochStoreTest {
    @RegisterExtension
    final LogCapture logs = LogCapture.of(EpochStore.class);
    @TempDir
    Path dataDir;

    private Path file(String name) {
        return dataDir.resolve("version-2").resolve(name);
    }

    private void put(String name, String content) throws IOException {
        Files.createDirectories(dataDir.resolve("version-2"));
        Files.write(file(name), content.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void freshPeer_readsEmpty_andCreatesNothing() throws IOException {
        EpochStore store = EpochStore.open(dataDir);
        assertEquals(new PersistedEpochs(OptionalLong.empty(), OptionalLong.empty()), store.load());
        assertTrue(store.load().isFresh());
        assertFalse(Files.exists(dataDir.resolve("version-2")));
    }

    @ParameterizedTest(name = "epoch {0}")
    @ValueSource(longs = {0, 1, 7, 4_294_967_296L, Long.MAX_VALUE, -1, Long.MIN_VALUE})
    void roundTrip_inZooKeepersFormat(long epoch) throws IOException {
        EpochStore store = EpochStore.open(dataDir);
        store.writeCurrentEpoch(epoch);
        store.writeAcceptedEpoch(epoch);
        assertArrayEquals(Long.toString(epoch).getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(file("currentEpoch")));
        assertArrayEquals(Long.toString(epoch).getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(file("acceptedEpoch")));
        EpochStore reopened = EpochStore.open(dataDir);
        assertEquals(OptionalLong.of(epoch), reopened.currentEpoch());
        assertEquals(OptionalLong.of(epoch), reopened.acceptedEpoch());
        assertFalse(Files.exists(file("currentEpoch.tmp")));
    }

    @Test
    void overwrite_replacesTheValue() throws IOException {
        EpochStore store = EpochStore.open(dataDir);
        store.writeAcceptedEpoch(3);
        store.writeAcceptedEpoch(12);
        assertEquals("12", Files.readString(file("acceptedEpoch")));
        assertEquals(OptionalLong.empty(), store.currentEpoch());
    }

    @Test
    void zooKeeperWrittenFiles_withTrailingNewline_areRead() throws IOException {
        put("currentEpoch", "5\n");
        put("acceptedEpoch", "6\r\n");
        assertEquals(new PersistedEpochs(OptionalLong.of(5), OptionalLong.of(6)), EpochStore.open(dataDir).load());
    }

    @Test
    void crashBeforeRename_leftoverTempIsIgnoredAndDeleted() throws IOException {
        EpochStore.open(dataDir).writeCurrentEpoch(4);
        put("currentEpoch.tmp", "5"); // a complete write that never got renamed
        put("acceptedEpoch.tmp", "5"); // and one whose target never existed
        EpochStore store = EpochStore.open(dataDir);
        assertEquals(new PersistedEpochs(OptionalLong.of(4), OptionalLong.empty()), store.load());
        assertFalse(Files.exists(file("currentEpoch.tmp")));
        assertFalse(Files.exists(file("acceptedEpoch.tmp")));
        assertEquals(2, logs.count(LogCapture.WARN, "leftover from an interrupted write (content '5'), ignored and deleted"),
                logs.toString());
    }

    @Test
    void crashDuringTempWrite_tornTempIsIgnored() throws IOException {
        EpochStore.open(dataDir).writeAcceptedEpoch(9);
        put("acceptedEpoch.tmp", "1\u0000\u0000"); // torn
        EpochStore store = EpochStore.open(dataDir);
        assertEquals(OptionalLong.of(9), store.acceptedEpoch());
        assertEquals(1, logs.count(LogCapture.WARN, "acceptedEpoch.tmp: leftover from an interrupted write (content '1\\x00\\x00')"),
                logs.toString());
        store.writeAcceptedEpoch(10);
        assertEquals(OptionalLong.of(10), EpochStore.open(dataDir).acceptedEpoch());
    }

    @ParameterizedTest(name = "content \"{0}\"")
    @ValueSource(strings = {"", "\n", " 5", "5 ", "12a", "0x10", "\u0000\u0000\u0000", "99999999999999999999"})
    void truncatedOrGarbledFile_isAnErrorNamingTheFile_andNeverOverwritten(String content) throws IOException {
        put("currentEpoch", content);
        EpochStore store = EpochStore.open(dataDir);
        EpochFileException read = assertThrows(EpochFileException.class, store::currentEpoch);
        assertEquals(file("currentEpoch"), read.file());
        assertTrue(read.getMessage().startsWith(file("currentEpoch") + ": "), read.getMessage());
        assertTrue(read.getMessage().contains("fix or remove the file by hand"), read.getMessage());
        assertThrows(EpochFileException.class, store::load);

        EpochFileException write = assertThrows(EpochFileException.class, () -> store.writeCurrentEpoch(3));
        assertEquals(file("currentEpoch"), write.file());
        assertArrayEquals(content.getBytes(StandardCharsets.ISO_8859_1), Files.readAllBytes(file("currentEpoch")));
        assertFalse(Files.exists(file("currentEpoch.tmp")));
    }

    @Test
    void garbledFile_messageShowsTheContentEscaped() throws IOException {
        put("acceptedEpoch", "7\u0001x");
        EpochFileException e = assertThrows(EpochFileException.class, () -> EpochStore.open(dataDir).acceptedEpoch());
        assertEquals(file("acceptedEpoch") + ": '7\\x01x' is not a decimal epoch; fix or remove the file by hand",
                e.getMessage());
    }

    @Test
    void acceptedBelowCurrent_isAStartupError() throws IOException {
        EpochStore store = EpochStore.open(dataDir);
        store.writeCurrentEpoch(5);
        store.writeAcceptedEpoch(4);
        EpochFileException e = assertThrows(EpochFileException.class, store::load);
        assertEquals(file("acceptedEpoch"), e.file());
        assertTrue(e.getMessage().contains("acceptedEpoch 4 is lower than currentEpoch 5"), e.getMessage());
        store.writeAcceptedEpoch(5);
        assertEquals(new PersistedEpochs(OptionalLong.of(5), OptionalLong.of(5)), store.load());
    }
}
