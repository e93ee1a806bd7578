package dev.ballot.bench.proxy;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fault-injecting TCP proxy for one election port on loopback. It understands the election wire format
 * just enough to drop whole frames (docs/protocol.md "The initial message", docs/protocol.md "2. Frames"): the initiator's initial message is passed through
 * intact, then every {@code int length + payload} frame in either direction is dropped with probability
 * {@code dropRate} and forwarded otherwise. Both systems speak the same wire format, so the same proxy
 * treats them identically.
 *
 * <p>Thread per direction per connection; it runs in its own process so its threads and CPU are not
 * charged to the system under test. Thread-safe.
 */
public final class LossyProxy implements Closeable {
    private static final int MAX_FRAME = 512 * 1024;
    private static final int MAX_ADDRESS = 2048;

    private final ServerSocket server;
    private final int targetPort;
    private final double dropRate;
    private final Random random;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** Binds {@code 127.0.0.1:0} and starts accepting. */
    public LossyProxy(int targetPort, double dropRate, long seed) throws IOException {
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.dropRate = dropRate;
        this.random = new Random(seed);
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public long framesForwarded() {
        return forwarded.get();
    }

    public long framesDropped() {
        return dropped.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                Socket out = new Socket();
                sockets.add(in);
                sockets.add(out);
                try {
                    out.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                } catch (IOException refused) {
                    closeQuietly(in, out);
                    continue;
                }
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                pump(in, out, true);
                pump(out, in, false);
            } catch (IOException e) {
                return; // server socket closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean initiatorSide) {
        Thread t = new Thread(() -> {
            try (DataInputStream din = new DataInputStream(from.getInputStream())) {
                DataOutputStream dout = new DataOutputStream(to.getOutputStream());
                if (initiatorSide) {
                    passInitialMessage(din, dout);
                }
                while (true) {
                    passOrDropFrame(din, dout);
                }
            } catch (IOException e) {
                closeQuietly(from, to);
            }
        }, "proxy-pump-" + from.getPort());
        t.setDaemon(true);
        t.start();
    }

    private static void passInitialMessage(DataInputStream din, DataOutputStream dout) throws IOException {
        long version = din.readLong();
        dout.writeLong(version);
        if (version < 0) {
            long sid = din.readLong();
            int len = din.readInt();
            if (len < 1 || len > MAX_ADDRESS) {
                throw new IOException("bad address length " + len);
            }
            byte[] addr = din.readNBytes(len);
            dout.writeLong(sid);
            dout.writeInt(len);
            dout.write(addr);
        }
        dout.flush();
    }

    private void passOrDropFrame(DataInputStream din, DataOutputStream dout) throws IOException {
        int len = din.readInt();
        if (len < 1 || len > MAX_FRAME) {
            throw new IOException("bad frame length " + len);
        }
        byte[] payload = din.readNBytes(len);
        if (payload.length < len) {
            throw new EOFException();
        }
        if (drop()) {
            dropped.incrementAndGet();
            return;
        }
        forwarded.incrementAndGet();
        byte[] frame = new byte[4 + len];
        frame[0] = (byte) (len >>> 24);
        frame[1] = (byte) (len >>> 16);
        frame[2] = (byte) (len >>> 8);
        frame[3] = (byte) len;
        System.arraycopy(payload, 0, frame, 4, len);
        dout.write(frame);
        dout.flush();
    }

    private boolean drop() {
        synchronized (random) {
            return random.nextDouble() < dropRate;
        }
    }

    private static void closeQuietly(Socket... sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
