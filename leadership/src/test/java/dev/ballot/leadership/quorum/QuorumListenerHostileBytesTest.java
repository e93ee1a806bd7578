package dev.ballot.leadership.quorum;

import dev.ballot.core.LearnerType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile bytes on the quorum port never reach the end of the pipeline (where Netty logs a WARN with a stack
 * trace, and EmbeddedChannel rethrows them in {@code checkException()}).
 */
class QuorumListenerHostileBytesTest {
    private static final byte[] GARBAGE_FRAMES = {0, 0, 0, 3, 7, 7, 7, 0, 0, 0, 2, 9, 9, 0, 0, 0, 1, 1};

    private static EmbeddedChannel channel(Optional<QuorumListener.LearnerSink> sink) {
        EmbeddedChannel ch = new EmbeddedChannel();
        RoleContext ctx = new RoleContext(1, Ensembles.majority(3, 0), Duration.ofMillis(200), Duration.ofSeconds(5),
                Duration.ofSeconds(2), ch.eventLoop(), new MemoryEpochs(Runnable::run, 0, 0), Runnable::run,
                System::nanoTime);
        new QuorumListener(ctx, () -> sink).initChannel(ch);
        return ch;
    }

    private static ByteBuf frame(QuorumMessage m) {
        ByteBuf payload = QuorumMessageCodec.encode(io.netty.buffer.ByteBufAllocator.DEFAULT, m);
        ByteBuf f = Unpooled.buffer().writeInt(payload.readableBytes()).writeBytes(payload);
        payload.release();
        return f;
    }

    private static void assertQuietlyClosed(EmbeddedChannel ch) {
        ch.runPendingTasks();
        ch.checkException(); // throws what reached the tail of the pipeline
        assertFalse(ch.isOpen(), "closed");
        ch.finishAndReleaseAll();
    }

    @Test
    void refusedHello_thenMoreBytes_closesWithoutAnExceptionAtTheTail() {
        EmbeddedChannel ch = channel(Optional.empty());
        ch.writeInbound(Unpooled.wrappedBuffer(frame(new QuorumMessage.Hello(9, LearnerType.PARTICIPANT, 0, 0, 0)),
                Unpooled.wrappedBuffer(GARBAGE_FRAMES)));
        assertQuietlyClosed(ch);
    }

    @Test
    void notLeadingAnswer_thenMoreBytes_closesWithoutAnExceptionAtTheTail() {
        EmbeddedChannel ch = channel(Optional.empty());
        ch.writeInbound(Unpooled.wrappedBuffer(frame(new QuorumMessage.Hello(2, LearnerType.PARTICIPANT, 0, 0, 0)),
                Unpooled.wrappedBuffer(GARBAGE_FRAMES)));
        assertQuietlyClosed(ch);
    }

    @Test
    void garbageFirst_manyBadFramesInOneRead_closesWithoutAnExceptionAtTheTail() {
        EmbeddedChannel ch = channel(Optional.empty());
        ch.writeInbound(Unpooled.wrappedBuffer(GARBAGE_FRAMES));
        assertQuietlyClosed(ch);
    }

    @Test
    void oversizedFrame_closesWithoutAnExceptionAtTheTail() {
        EmbeddedChannel ch = channel(Optional.empty());
        ch.writeInbound(Unpooled.buffer().writeInt(1 << 30).writeZero(64));
        assertQuietlyClosed(ch);
    }

    @Test
    void helloTheLeaderRefuses_thenMoreBytes_closesWithoutAnExceptionAtTheTail() {
        QuorumListener.LearnerSink refusing = (c, hello) -> QuorumListener.refuse(c, "learner 2 is ahead");
        EmbeddedChannel ch = channel(Optional.of(refusing));
        ch.writeInbound(Unpooled.wrappedBuffer(frame(new QuorumMessage.Hello(2, LearnerType.PARTICIPANT, 5, 5, 0)),
                Unpooled.wrappedBuffer(GARBAGE_FRAMES)));
        ByteBuf out = ch.readOutbound();
        assertTrue(out != null, "the refusal went out");
        out.release();
        assertQuietlyClosed(ch);
    }

    @Test
    void reasonsFromTheNetwork_areEscapedBeforeTheyReachALogLine() {
        FollowerSession f = new FollowerSession(2, 1, LearnerType.PARTICIPANT, new EpochState(0, 0, 0),
                Duration.ofSeconds(5), Duration.ofSeconds(2), 0);
        f.onConnected(0);
        var out = f.onMessage(new QuorumMessage.Reject("no\n2026-01-01T00:00:00.000Z FAKE-LINE\u0000"), 1);
        String reason = ((Action.Abandon) out.get(out.size() - 1)).reason();
        assertFalse(reason.contains("\n") || reason.contains("\u0000"), reason);
        assertEquals("leader 1 refused: no\\n2026-01-01T00:00:00.000Z FAKE-LINE\\0", reason);
    }
}
