package dev.ballot.transport.netty.handler;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.Future;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static dev.ballot.transport.netty.handler.HandshakeException.Reason;

/**
 * Reads the initial message of an accepted connection (docs/protocol.md "The initial message"), once, whatever the split of its
 * bytes, then removes itself. Layout: see {@link InitialMessage}.
 *
 * <ul>
 *   <li>Every length is bounded before anything is buffered: a bad version fails at byte 8, a bad
 *       address length at byte 20; at most {@code 20 + 2048} bytes are ever held.</li>
 *   <li>No DNS: advertised addresses stay unresolved.</li>
 *   <li>The claimed sid goes through the {@link HandshakeValidator} (membership, own sid, TLS
 *       identity).</li>
 *   <li>A handshake not complete within the timeout closes the channel ({@link Reason#TIMEOUT}).</li>
 *   <li>On success it fires a {@link PeerHandshakeEvent} and removes itself; bytes that followed the
 *       message (frames) flow on to the next handler.</li>
 * </ul>
 *
 * <p>On bad input it closes the channel and throws {@link HandshakeException}. Stateful: one instance
 * per channel; event-loop confined.
 */
final class HandshakeDecoder extends ByteToMessageDecoder {
    private final HandshakeValidator validator;
    private final Duration timeout;
    private Future<?> timer;
    private boolean failed;

    HandshakeDecoder(HandshakeValidator validator, Duration timeout) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        setSingleDecode(true);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> onTimeout(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < Long.BYTES) {
            return;
        }
        long first = in.getLong(in.readerIndex());
        if (first >= 0) {
            in.skipBytes(Long.BYTES);
            complete(ctx, new InitialMessage(InitialMessage.LEGACY, first, List.of()));
        } else if (first != InitialMessage.V1 && first != InitialMessage.V2) {
            fail(ctx, Reason.BAD_VERSION, "unknown protocol version " + first);
        } else {
            decodeVersioned(ctx, in, first);
        }
    }

    private void decodeVersioned(ChannelHandlerContext ctx, ByteBuf in, long version) {
        if (in.readableBytes() < InitialMessage.HEADER_BYTES) {
            return;
        }
        int start = in.readerIndex();
        long sid = in.getLong(start + 8);
        ctx.channel().attr(ChannelAttributes.PEER_SID).set(sid);
        int length = in.getInt(start + 16);
        if (length <= 0 || length > InitialMessage.MAX_ADDRESS_BYTES) {
            fail(ctx, Reason.BAD_ADDRESS_LENGTH, "address length " + length + " outside 1.." + InitialMessage.MAX_ADDRESS_BYTES);
        }
        if (in.readableBytes() < InitialMessage.HEADER_BYTES + length) {
            return;
        }
        String text = in.toString(start + InitialMessage.HEADER_BYTES, length, StandardCharsets.UTF_8);
        in.skipBytes(InitialMessage.HEADER_BYTES + length);
        try {
            complete(ctx, new InitialMessage(version, sid, InitialMessage.parseAddresses(text)));
        } catch (HandshakeException e) {
            fail(ctx, e);
        }
    }

    private void complete(ChannelHandlerContext ctx, InitialMessage message) {
        ctx.channel().attr(ChannelAttributes.PEER_SID).set(message.sid());
        try {
            validator.admit(message.sid(), ctx.channel());
        } catch (HandshakeException e) {
            fail(ctx, e);
        }
        if (timer != null) {
            timer.cancel(false);
        }
        ctx.fireUserEventTriggered(new PeerHandshakeEvent(message.sid(), message.addresses(), Direction.INBOUND));
        ctx.pipeline().remove(this);
    }

    private void onTimeout(ChannelHandlerContext ctx) {
        if (failed || ctx.isRemoved()) {
            return;
        }
        failed = true;
        ctx.close();
        ctx.fireExceptionCaught(new HandshakeException(Reason.TIMEOUT, "no initial message within " + timeout.toMillis() + " ms"));
    }

    private void fail(ChannelHandlerContext ctx, Reason reason, String message) {
        fail(ctx, new HandshakeException(reason, message));
    }

    private void fail(ChannelHandlerContext ctx, HandshakeException e) {
        failed = true;
        if (timer != null) {
            timer.cancel(false);
        }
        ctx.close();
        throw e;
    }
}
