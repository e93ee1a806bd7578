package dev.ballot.core.config;

import dev.ballot.core.LearnerType;
import dev.ballot.core.quorum.MajorityQuorumVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MyIdFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "myid {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "3          | 3",
            "3\\n       | 3",
            "42\\r\\nxx | 42",
            "0          | 0",
            "9223372036854775807 | 9223372036854775807"})
    void validContent_givesTheSid(String content, long sid) throws IOException {
        Files.writeString(dir.resolve("myid"), content.replace("\\n", "\n").replace("\\r", "\r"));
        assertEquals(sid, MyIdFile.read(dir));
    }

    @ParameterizedTest(name = "myid ''{0}'' -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\" 3\"  | ' 3' is not a server id; the first line must be the N of this server's server.N line alone, without spaces: echo N >",
            "\"3 \"  | '3 ' is not a server id; the first line must be the N of this server's server.N line alone, without spaces: echo N >",
            "abc     | 'abc' is not a server id; the first line must be the N of this server's server.N line alone, without spaces: echo N >",
            "\"\"    | empty; write this server's id (the N of its server.N line) into it: echo N >",
            "\"\\n3\" | first line empty; write this server's id (the N of its server.N line) into it: echo N >",
            "-2      | server id -2 is negative"})
    void invalidContent_namesTheFileAndTheFix(String content, String problem) throws IOException {
        Path file = Files.writeString(dir.resolve("myid"), content.replace("\\n", "\n"));
        ConfigException e = assertThrows(ConfigException.class, () -> MyIdFile.read(dir));
        assertEquals(file + ":1: " + problem + (problem.endsWith(">") ? " " + file : ""), e.getMessage());
    }

    @Test
    void missingFile_saysWhatToWrite() {
        ConfigException e = assertThrows(ConfigException.class, () -> MyIdFile.read(dir));
        assertEquals(dir.resolve("myid") + ": missing; write this server's id (the N of its server.N line) into it: "
                + "echo N > " + dir.resolve("myid"), e.getMessage());
    }

    @Test
    void readFor_refusesASidWithoutServerLine() throws IOException {
        Files.writeString(dir.resolve("myid"), "4");
        EnsembleConfig cfg = EnsembleConfig.builder().dataDir(dir).source(dir.resolve("zoo.cfg"))
                .quorum(new MajorityQuorumVerifier(Map.of(1L, QuorumServer.of(1, "a", 1, 2, LearnerType.PARTICIPANT)), 0))
                .build();
        ConfigException e = assertThrows(ConfigException.class, () -> MyIdFile.readFor(cfg));
        assertEquals(dir.resolve("myid") + ":1: server id 4 has no server.4 line in " + dir.resolve("zoo.cfg")
                + " (configured: [1]); write the id of this server's line into myid, or add a server.4 line", e.getMessage());
        Files.writeString(dir.resolve("myid"), "1\n");
        assertEquals(1, MyIdFile.readFor(cfg));
    }
}
