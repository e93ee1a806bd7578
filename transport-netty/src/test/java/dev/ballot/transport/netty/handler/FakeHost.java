package dev.ballot.transport.netty.handler;

import io.netty.channel.Channel;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A {@link ChannelHost} that records every call; single-threaded (EmbeddedChannel tests). */
final class FakeHost implements ChannelHost {
    final long localSid;
    final List<PeerHandshakeEvent> kept = new ArrayList<>();
    final List<PeerHandshakeEvent> dialBacks = new ArrayList<>();
    final List<ByteBuffer> frames = new ArrayList<>();
    final List<Throwable> errors = new ArrayList<>();
    final List<Channel> created = new ArrayList<>();
    int writable;

    FakeHost(long localSid) {
        this.localSid = localSid;
    }

    @Override public long localSid() { return localSid; }
    @Override public void onChannelCreated(Channel channel) { created.add(channel); }
    @Override public void onKept(PeerHandshakeEvent event, Channel channel) { kept.add(event); }
    @Override public void onLowerSidDialed(PeerHandshakeEvent event) { dialBacks.add(event); }
    @Override public void onWritable(Channel channel) { writable++; }
    @Override public void onFrame(long sid, ByteBuffer payload) { frames.add(payload); }
    @Override public void onChannelError(Channel channel, Throwable cause) { errors.add(cause); }
}
