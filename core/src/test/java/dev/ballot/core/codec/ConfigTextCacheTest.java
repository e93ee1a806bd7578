package dev.ballot.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConfigTextCacheTest {

    private static ByteBuffer encoded(String config, long leader) {
        return NotificationCodec.encode(Notification.of(PeerState.LOOKING, leader, 5, 1, 0, config));
    }

    @Test
    void theSameBytesGiveTheSameTextInstance() {
        ConfigTextCache cache = new ConfigTextCache();
        String config = "server.1=127.0.0.1:2888:3888:participant\nversion=0";
        Notification first = NotificationCodec.decode(encoded(config, 1), cache);
        Notification second = NotificationCodec.decode(encoded(config, 2), cache);
        assertEquals(config, first.config());
        assertSame(first.config(), second.config());
        assertEquals(2, second.leader());
    }

    @Test
    void otherBytesOfTheSameLengthAreDecodedAgain() {
        ConfigTextCache cache = new ConfigTextCache();
        Notification a = NotificationCodec.decode(encoded("server.1=a\nversion=1", 1), cache);
        Notification b = NotificationCodec.decode(encoded("server.1=b\nversion=1", 1), cache);
        assertEquals("server.1=b\nversion=1", b.config());
        assertNotSame(a.config(), b.config());
        assertEquals("server.1=a\nversion=1",
                NotificationCodec.decode(encoded("server.1=a\nversion=1", 1), cache).config());
    }

    @Test
    void decodingWithACacheEqualsDecodingWithout() {
        Random random = new Random(7);
        ConfigTextCache cache = new ConfigTextCache();
        String[] texts = {"", "x", "server.1=h:1:2\nversion=0", "server.1=h:1:2\nversion=1", "é→ü"};
        for (int i = 0; i < 2_000; i++) {
            String text = texts[random.nextInt(texts.length)];
            ByteBuffer bytes = encoded(text, random.nextInt(5));
            int position = random.nextInt(3);
            ByteBuffer padded = ByteBuffer.allocate(position + bytes.remaining());
            padded.position(position);
            padded.put(bytes.duplicate()).position(position);
            Notification plain = NotificationCodec.decode(bytes.duplicate());
            Notification cached = NotificationCodec.decode(padded, cache);
            assertEquals(plain, cached, "message " + i);
            assertEquals(padded.limit(), padded.position(), "the payload is consumed");
        }
    }

    @Test
    void aMalformedPayloadStaysUnconsumedWithACache() {
        ConfigTextCache cache = new ConfigTextCache();
        ByteBuffer bad = encoded("server.1=h:1:2", 1);
        bad.putInt(0, 9); // unknown state code: refused after the config was read
        int before = bad.position();
        assertThrows(NotificationFormatException.class, () -> NotificationCodec.decode(bad, cache));
        assertEquals(before, bad.position());
    }
}
