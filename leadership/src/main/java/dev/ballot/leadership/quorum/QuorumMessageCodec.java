package dev.ballot.leadership.quorum;

import dev.ballot.core.LearnerType;
import dev.ballot.core.Zxid;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes the payload of one quorum-port frame. Framing (a 4-byte big-endian length
 * before each payload) is done by Netty's {@code LengthFieldPrepender}/{@code LengthFieldBasedFrameDecoder}.
 *
 * <pre>
 * payload := version:u8 (=1) | type:u8 | body          all integers big-endian
 *   type 1 HELLO        sid:i64 | learnerType:u8 (0 participant, 1 observer) | acceptedEpoch:i64
 *                       | currentEpoch:i64 | lastZxid:i64
 *   type 2 NEW_EPOCH    epoch:i64
 *   type 3 ACK_EPOCH    epoch:i64
 *   type 4 ESTABLISHED  epoch:i64
 *   type 5 PING         epoch:i64
 *   type 6 PONG         epoch:i64
 *   type 7 LEAVING      reasonLength:u16 | reason:UTF-8
 *   type 8 REJECT       reasonLength:u16 | reason:UTF-8
 *   type 9 NOT_LEADING  sid:i64
 * </pre>
 *
 * A frame whose version is not {@link #VERSION}, whose type is unknown, whose length does not
 * match its type exactly, or whose epochs (HELLO, NEW_EPOCH) are outside 0..{@link Zxid#MAX_EPOCH} or HELLO's
 * lastZxid negative raises {@link QuorumProtocolException}. Stateless and thread-safe.
 */
public final class QuorumMessageCodec {
    /** Protocol version written in every frame. */
    public static final int VERSION = 1;
    /** Largest payload either side accepts. */
    public static final int MAX_FRAME_BYTES = 1024;
    /** Longest reason text sent, in bytes (longer reasons are cut). */
    static final int MAX_REASON_BYTES = 512;

    static final int HELLO = 1;
    static final int NEW_EPOCH = 2;
    static final int ACK_EPOCH = 3;
    static final int ESTABLISHED = 4;
    static final int PING = 5;
    static final int PONG = 6;
    static final int LEAVING = 7;
    static final int REJECT = 8;
    static final int NOT_LEADING = 9;

    private QuorumMessageCodec() {
    }

    /** Writes {@code msg}'s payload into a new buffer from {@code alloc}. */
    public static ByteBuf encode(ByteBufAllocator alloc, QuorumMessage msg) {
        ByteBuf out = alloc.buffer(40);
        out.writeByte(VERSION);
        if (msg instanceof QuorumMessage.Hello h) {
            out.writeByte(HELLO).writeLong(h.sid()).writeByte(h.type() == LearnerType.OBSERVER ? 1 : 0)
                    .writeLong(h.acceptedEpoch()).writeLong(h.currentEpoch()).writeLong(h.lastZxid());
        } else if (msg instanceof QuorumMessage.NewEpoch m) {
            out.writeByte(NEW_EPOCH).writeLong(m.epoch());
        } else if (msg instanceof QuorumMessage.AckEpoch m) {
            out.writeByte(ACK_EPOCH).writeLong(m.epoch());
        } else if (msg instanceof QuorumMessage.Established m) {
            out.writeByte(ESTABLISHED).writeLong(m.epoch());
        } else if (msg instanceof QuorumMessage.Ping m) {
            out.writeByte(PING).writeLong(m.epoch());
        } else if (msg instanceof QuorumMessage.Pong m) {
            out.writeByte(PONG).writeLong(m.epoch());
        } else if (msg instanceof QuorumMessage.Leaving m) {
            writeText(out.writeByte(LEAVING), m.reason());
        } else if (msg instanceof QuorumMessage.Reject m) {
            writeText(out.writeByte(REJECT), m.reason());
        } else if (msg instanceof QuorumMessage.NotLeading m) {
            out.writeByte(NOT_LEADING).writeLong(m.sid());
        } else {
            throw new IllegalArgumentException("unknown message " + msg);
        }
        return out;
    }

    /**
     * Reads one payload (the whole readable part of {@code in}); does not release {@code in}.
     *
     * @throws QuorumProtocolException if the payload is not a valid message
     */
    public static QuorumMessage decode(ByteBuf in) {
        if (in.readableBytes() < 2) {
            throw new QuorumProtocolException("frame of " + in.readableBytes() + " bytes is shorter than its header");
        }
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new QuorumProtocolException("unsupported protocol version " + version + " (this peer speaks " + VERSION + ")");
        }
        int type = in.readUnsignedByte();
        QuorumMessage msg = switch (type) {
            case HELLO -> decodeHello(in);
            case NEW_EPOCH -> new QuorumMessage.NewEpoch(epoch(readLong(in, "NEW_EPOCH"), "NEW_EPOCH epoch"));
            case ACK_EPOCH -> new QuorumMessage.AckEpoch(readLong(in, "ACK_EPOCH"));
            case ESTABLISHED -> new QuorumMessage.Established(readLong(in, "ESTABLISHED"));
            case PING -> new QuorumMessage.Ping(readLong(in, "PING"));
            case PONG -> new QuorumMessage.Pong(readLong(in, "PONG"));
            case LEAVING -> new QuorumMessage.Leaving(readText(in, "LEAVING"));
            case REJECT -> new QuorumMessage.Reject(readText(in, "REJECT"));
            case NOT_LEADING -> new QuorumMessage.NotLeading(readLong(in, "NOT_LEADING"));
            default -> throw new QuorumProtocolException("unknown message type " + type);
        };
        if (in.isReadable()) {
            throw new QuorumProtocolException(in.readableBytes() + " trailing bytes after message type " + type);
        }
        return msg;
    }

    private static QuorumMessage decodeHello(ByteBuf in) {
        need(in, 33, "HELLO");
        long sid = in.readLong();
        int t = in.readUnsignedByte();
        if (t > 1) {
            throw new QuorumProtocolException("HELLO: unknown learner type " + t);
        }
        long accepted = epoch(in.readLong(), "HELLO acceptedEpoch");
        long current = epoch(in.readLong(), "HELLO currentEpoch");
        long lastZxid = in.readLong();
        if (lastZxid < 0) {
            throw new QuorumProtocolException("HELLO: negative lastZxid 0x" + Long.toHexString(lastZxid));
        }
        return new QuorumMessage.Hello(sid, t == 1 ? LearnerType.OBSERVER : LearnerType.PARTICIPANT, accepted,
                current, lastZxid);
    }

    /**
     * An epoch that sets what a peer persists or proposes: 0 to {@link Zxid#MAX_EPOCH}. A forged HELLO with a larger
     * accepted epoch would otherwise make the leader step down and propose past it, wrapping every zxid after.
     */
    private static long epoch(long value, String what) {
        if (value < 0 || value > Zxid.MAX_EPOCH) {
            throw new QuorumProtocolException(what + " " + value + " is outside 0.." + Zxid.MAX_EPOCH);
        }
        return value;
    }

    private static long readLong(ByteBuf in, String what) {
        need(in, 8, what);
        return in.readLong();
    }

    private static String readText(ByteBuf in, String what) {
        need(in, 2, what);
        int len = in.readUnsignedShort();
        if (len > MAX_REASON_BYTES) {
            throw new QuorumProtocolException(what + ": reason of " + len + " bytes exceeds " + MAX_REASON_BYTES);
        }
        need(in, len, what);
        return in.readCharSequence(len, StandardCharsets.UTF_8).toString();
    }

    private static void need(ByteBuf in, int bytes, String what) {
        if (in.readableBytes() < bytes) {
            throw new QuorumProtocolException(what + ": needs " + bytes + " more bytes, frame has " + in.readableBytes());
        }
    }

    private static void writeText(ByteBuf out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int len = Math.min(bytes.length, MAX_REASON_BYTES);
        out.writeShort(len).writeBytes(bytes, 0, len);
    }
}
