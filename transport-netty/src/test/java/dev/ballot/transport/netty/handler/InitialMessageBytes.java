package dev.ballot.transport.netty.handler;

import io.netty.buffer.ByteBuf;

/** Test helper: a released buffer's bytes. */
public final class InitialMessageBytes {
    private InitialMessageBytes() {
    }

    public static byte[] of(ByteBuf buf) {
        return Bytes.toArray(buf);
    }
}
