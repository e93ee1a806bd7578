package dev.ballot.core.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The last config text a decoder produced, with its bytes. Every notification of an ensemble carries
 * the same text (about 2.5 KB at 51 members); when the next one's bytes are the same, the decoder
 * returns the same {@link String} instead of copying and decoding them again, and whoever compares the
 * texts afterwards finds them identical at once.
 *
 * <p>Not thread-safe: give each decoding thread (an election's executor) its own.
 */
public final class ConfigTextCache {
    private byte[] bytes = new byte[0];
    private String text = "";

    /** The text of the {@code length} bytes at {@code buf}'s position, which moves past them. */
    String read(ByteBuffer buf, int length) {
        int at = buf.position();
        if (length == bytes.length && buf.slice(at, length).mismatch(ByteBuffer.wrap(bytes)) == -1) {
            buf.position(at + length);
            return text;
        }
        byte[] read = new byte[length];
        buf.get(read);
        bytes = read;
        text = new String(read, StandardCharsets.UTF_8);
        return text;
    }
}
