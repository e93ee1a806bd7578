package dev.ballot.bench.proxy;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The proxy passes the initial message intact and forwards or drops whole frames. */
class LossyProxyTest {
    private static final long V1 = -65536L;

    @Test
    void noLoss_forwardsInitialMessageAndEveryFrame() throws IOException {
        try (ServerSocket target = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             LossyProxy proxy = new LossyProxy(target.getLocalPort(), 0.0, 1);
             Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
             Socket accepted = target.accept()) {
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            writeInitialMessage(out);
            writeFrame(out, "one");
            writeFrame(out, "two");
            DataInputStream in = new DataInputStream(accepted.getInputStream());
            assertInitialMessage(in);
            assertArrayEquals(bytes("one"), readFrame(in));
            assertArrayEquals(bytes("two"), readFrame(in));
            assertEquals(2, proxy.framesForwarded());
        }
    }

    @Test
    void totalLoss_passesInitialMessageButDropsEveryFrame() throws IOException {
        try (ServerSocket target = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             LossyProxy proxy = new LossyProxy(target.getLocalPort(), 1.0, 1);
             Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
             Socket accepted = target.accept()) {
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            writeInitialMessage(out);
            writeFrame(out, "one");
            writeFrame(out, "two");
            client.shutdownOutput(); // the proxy sees EOF after both frames and closes the forward connection
            DataInputStream in = new DataInputStream(accepted.getInputStream());
            assertInitialMessage(in);
            assertThrows(EOFException.class, in::readInt, "a frame got through");
            assertEquals(2, proxy.framesDropped());
            assertEquals(0, proxy.framesForwarded());
        }
    }

    private static void writeInitialMessage(DataOutputStream out) throws IOException {
        byte[] addr = bytes("127.0.0.1:3888");
        out.writeLong(V1);
        out.writeLong(7);
        out.writeInt(addr.length);
        out.write(addr);
    }

    private static void assertInitialMessage(DataInputStream in) throws IOException {
        assertEquals(V1, in.readLong());
        assertEquals(7, in.readLong());
        byte[] addr = new byte[in.readInt()];
        in.readFully(addr);
        assertEquals("127.0.0.1:3888", new String(addr, StandardCharsets.UTF_8));
    }

    private static void writeFrame(DataOutputStream out, String text) throws IOException {
        out.writeInt(bytes(text).length);
        out.write(bytes(text));
        out.flush();
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
