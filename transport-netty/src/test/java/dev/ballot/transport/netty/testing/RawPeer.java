package dev.ballot.transport.netty.testing;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A blocking socket client for hostile-input tests: writes raw bytes, observes the close. */
public final class RawPeer implements AutoCloseable {
    private final Socket socket;
    private final DataOutputStream out;

    public RawPeer(int port) {
        this(port, null);
    }

    /** Connects from {@code localHost} (for example {@code 127.0.0.2}, another loopback address), or the OS's choice if null. */
    public RawPeer(int port, String localHost) {
        try {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            if (localHost != null) {
                socket.bind(new InetSocketAddress(localHost, 0));
            }
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            out = new DataOutputStream(socket.getOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawPeer write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a V1 initial message for {@code sid} advertising {@code host:port}. */
    public RawPeer handshake(long sid, String address) {
        byte[] text = address.getBytes(StandardCharsets.UTF_8);
        try {
            out.writeLong(-65536L);
            out.writeLong(sid);
            out.writeInt(text.length);
            out.write(text);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawPeer frame(byte[] payload) {
        try {
            out.writeInt(payload.length);
            out.write(payload);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the other side closed the connection within {@code timeout} (EOF or reset). */
    public boolean closedWithin(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                if (in.read() < 0) {
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
