package dev.ballot.core.config;

import dev.ballot.core.LearnerType;
import dev.ballot.core.quorum.MajorityQuorumVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Each dataDir problem names the path, what is wrong and what to do. */
class DataDirTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private EnsembleConfig config(Path dataDir) {
        return EnsembleConfig.builder().dataDir(dataDir).source(dir.resolve("zoo.cfg"))
                .quorum(new MajorityQuorumVerifier(Map.of(1L, QuorumServer.of(1, "a", 1, 2, LearnerType.PARTICIPANT)), 0))
                .build();
    }

    private String failure(Path dataDir) {
        return assertThrows(ConfigException.class, () -> DataDir.check(config(dataDir), warnings::add)).getMessage();
    }

    @Test
    void missing_saysCreateIt() {
        Path d = dir.resolve("nope");
        assertEquals(d + ": does not exist (dataDir in " + dir.resolve("zoo.cfg") + "); create it (mkdir -p " + d
                + ") and write this server's id into " + d.resolve("myid") + ", or point dataDir at the directory "
                + "that holds them", failure(d));
    }

    @Test
    void aFile_isNotADirectory() throws IOException {
        Path f = Files.writeString(dir.resolve("data"), "x");
        assertEquals(f + ": is not a directory (dataDir in " + dir.resolve("zoo.cfg") + "); point dataDir at the "
                + "directory that holds myid and version-2", failure(f));
    }

    @Test
    void versionTwoAFile_isNotADirectory() throws IOException {
        Path v2 = Files.writeString(dir.resolve("version-2"), "x");
        assertEquals(v2 + ": is not a directory; it must hold the epoch files (move it away: Ballot creates the "
                + "directory on the first start)", failure(dir));
    }

    @Test
    void notWritable_saysChmod() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may write a read-only directory");
        Path d = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("r-xr-xr-x"));
        assertEquals(d + ": is not writable by " + System.getProperty("user.name") + ", the user this server runs as "
                + "(dataDir in " + dir.resolve("zoo.cfg") + "); make it writable (chmod u+rwx " + d + ")", failure(d));
    }

    @Test
    void ownedBySomeoneElseButWritable_warns() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a directory away and still write it");
        Path d = Files.createDirectory(dir.resolve("theirs"));
        UserPrincipal nobody = d.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(d, nobody);
        DataDir.check(config(d), warnings::add);
        assertEquals(List.of(d + ": owned by nobody, but this server runs as root; files it creates there will belong "
                + "to root (run the server as nobody, or chown -R root " + d + ")"), warnings);
    }

    @Test
    void usableDirectory_passesQuietly() throws IOException {
        Files.createDirectory(dir.resolve("version-2"));
        DataDir.check(config(dir), warnings::add);
        assertEquals(List.of(), warnings);
    }
}
