package dev.ballot.election.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ConfigVersionsTest {
    @Test
    void eachDistinctTextIsParsedAsTheRuleParsesIt_andTheCacheStaysBounded() {
        ConfigVersions cache = new ConfigVersions();
        String a = "server.1=h:1:2:participant\nversion=100000000";
        String b = "server.1=h:1:2:participant\nversion=zz";
        assertEquals(OptionalLong.of(0x100000000L), cache.versionOf(a));
        assertEquals(OptionalLong.of(0x100000000L), cache.versionOf(new String(a))); // equal text, another instance
        assertEquals(OptionalLong.empty(), cache.versionOf(b));
        for (int i = 0; i < 3 * ConfigVersions.CAPACITY; i++) {
            assertEquals(OptionalLong.of(i), cache.versionOf("version=" + Integer.toHexString(i)));
        }
        assertEquals(ConfigVersionRule.parseVersion(a), cache.versionOf(a));
    }
}
