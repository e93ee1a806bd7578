package dev.ballot.transport.netty.handler;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/** Per-channel facts shared between handlers (read and written on the channel's event loop only). */
public final class ChannelAttributes {
    /** The sid the remote claimed (inbound) or that we dialed (outbound), once known. */
    public static final AttributeKey<Long> PEER_SID = AttributeKey.valueOf("ballot.peerSid");
    /** {@link System#nanoTime()} when the channel was created (accepted or dialed). */
    public static final AttributeKey<Long> CREATED_NANOS = AttributeKey.valueOf("ballot.createdNanos");
    /** Set when the arbiter kept the channel; frames are dispatched only then. */
    public static final AttributeKey<Boolean> KEPT = AttributeKey.valueOf("ballot.kept");

    private ChannelAttributes() {
    }

    /** The peer sid for logs: the number, or {@code "?"} when not known yet. */
    public static String sidText(Channel channel) {
        Long sid = channel.attr(PEER_SID).get();
        return sid == null ? "?" : Long.toString(sid);
    }
}
