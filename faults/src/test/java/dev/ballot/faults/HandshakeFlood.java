package dev.ballot.faults;

import dev.ballot.core.Notification;
import dev.ballot.core.PeerState;
import dev.ballot.core.codec.NotificationCodec;
import dev.ballot.transport.netty.handler.InitialMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile client for the flood scenario, run in a namespace of its own: connection after connection to one
 * election port, each with a protocol-2 election handshake claiming a configured sid (round robin) and one
 * notification frame (both encoded as a Ballot peer encodes them: {@link InitialMessage}, {@link NotificationCodec}),
 * then closed. No TLS, as ZooKeeper's default. Stops after {@code count} connections or
 * {@code seconds}, whichever comes first, and prints {@code connections N failed F}.
 *
 * <p>{@code HandshakeFlood host port sids count seconds threads}, e.g. {@code 10.231.40.1 3888 1,2,3 65000 45 8}.
 */
public final class HandshakeFlood {
    private HandshakeFlood() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        long[] sids = java.util.Arrays.stream(args[2].split(",")).mapToLong(Long::parseLong).toArray();
        long count = Long.parseLong(args[3]);
        long deadline = System.nanoTime() + Long.parseLong(args[4]) * 1_000_000_000L;
        int threads = Integer.parseInt(args[5]);
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                long i;
                while ((i = next.getAndIncrement()) < count && System.nanoTime() < deadline) {
                    if (forge(host, port, sids[(int) (i % sids.length)], i)) {
                        done.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }
            }, "flood-" + t);
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        System.out.println("connections " + done.get() + " failed " + failed.get());
    }

    /** One forged connection; false when it could not be made or written. */
    private static boolean forge(String host, int port, long sid, long i) {
        try (Socket s = new Socket()) {
            s.setSoLinger(true, 0); // reset on close: no TIME_WAIT pile-up on the flooding side
            s.connect(new InetSocketAddress(host, port), 2_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            InetSocketAddress claimed = InetSocketAddress.createUnresolved("10.231.0." + (i % 250 + 1), 3888);
            ByteBuf hello = InitialMessage.encode(UnpooledByteBufAllocator.DEFAULT, sid, List.of(claimed), true);
            try {
                out.write(ByteBufUtil.getBytes(hello));
            } finally {
                hello.release();
            }
            // one notification: LOOKING, proposing the claimed sid, zxid and round far ahead
            ByteBuffer vote = NotificationCodec.encode(Notification.of(PeerState.LOOKING, sid, 0x7fff_0000_0000L,
                    1_000_000 + i, 0x7fff, ""));
            out.writeInt(vote.remaining());
            out.write(vote.array(), vote.arrayOffset() + vote.position(), vote.remaining());
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
