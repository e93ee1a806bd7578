package dev.ballot.transport.netty.handler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/** Builders of raw handshake and frame bytes for tests. */
final class Bytes {
    private Bytes() {
    }

    static byte[] initial(long version, long sid, String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        return initial(version, sid, t.length, t);
    }

    static byte[] initial(long version, long sid, int declaredLength, byte[] text) {
        ByteBuf b = Unpooled.buffer();
        b.writeLong(version).writeLong(sid).writeInt(declaredLength).writeBytes(text);
        return toArray(b);
    }

    static byte[] frame(byte[] payload) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(payload.length).writeBytes(payload);
        return toArray(b);
    }

    static byte[] concat(byte[]... parts) {
        ByteBuf b = Unpooled.buffer();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return toArray(b);
    }

    static byte[] toArray(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }
}
