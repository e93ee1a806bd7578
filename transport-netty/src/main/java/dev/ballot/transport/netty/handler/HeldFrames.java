package dev.ballot.transport.netty.handler;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Frames of an accepted connection that claims a sid whose established connection is still alive
 * (see {@code PeerLink}): they are held, not delivered, until the link either adopts the connection
 * (the old one turned out dead: the frames are delivered in order, nothing lost) or refuses it (they are
 * dropped, so a forged claim never speaks for the sid). Reading stops while held; at most {@link
 * #MAX_FRAMES} frames or {@link #MAX_BYTES} bytes are kept, the oldest dropped first (newest wins, as
 * in the send queues).
 *
 * <p>Per channel; every method runs on the channel's event loop.
 */
public final class HeldFrames {
    static final int MAX_FRAMES = 16;
    static final int MAX_BYTES = 1 << 20;
    private static final AttributeKey<HeldFrames> KEY = AttributeKey.valueOf("ballot.heldFrames");

    private final ArrayDeque<ByteBuffer> frames = new ArrayDeque<>();
    private int bytes;

    private HeldFrames() {
    }

    /** Starts holding {@code channel}'s frames and stops reading from it. */
    public static void hold(Channel channel) {
        channel.attr(KEY).set(new HeldFrames());
        channel.config().setAutoRead(false);
    }

    /** Whether {@code channel} is held. */
    public static boolean isHeld(Channel channel) {
        return channel.attr(KEY).get() != null;
    }

    /** Holds {@code payload} if the channel is held; false if it should be delivered. */
    static boolean offer(Channel channel, ByteBuffer payload) {
        HeldFrames held = channel.attr(KEY).get();
        if (held == null) {
            return false;
        }
        held.frames.add(payload);
        held.bytes += payload.remaining();
        while (held.frames.size() > MAX_FRAMES || (held.bytes > MAX_BYTES && held.frames.size() > 1)) {
            held.bytes -= held.frames.poll().remaining();
        }
        return true;
    }

    /** Delivers the held frames of {@code channel} (from {@code sid}) to {@code host} in order, ends holding and resumes reading if {@code read}. */
    public static void release(Channel channel, long sid, ChannelHost host, boolean read) {
        HeldFrames held = channel.attr(KEY).getAndSet(null);
        if (held != null) {
            for (ByteBuffer frame; (frame = held.frames.poll()) != null; ) {
                host.onFrame(sid, frame);
            }
        }
        channel.config().setAutoRead(read);
    }
}
