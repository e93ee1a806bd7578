package dev.ballot.bench.servers;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Learns what one peer is, as cheaply as it can be learnt: Ballot's {@code GET /watch} stream (the peer pushes
 * every change of its leader view the moment it happens, and costs nothing in between), ZooKeeper's
 * {@code srvr} on its client port every interval (a connection per question: ZooKeeper closes it after the
 * answer; it has nothing to push). Used by one thread; not thread-safe.
 */
interface PeerProbe extends AutoCloseable {

    /** What one answer said. {@code leader} is the sid the peer follows or leads, -1 when it does not say. */
    record Seen(ServerEnsemble.Role role, long leader) {
        static final Seen NOT_SERVING = new Seen(ServerEnsemble.Role.NOT_SERVING, -1);
    }

    /**
     * The next thing learnt: blocks for the next answer or event (a poll waits its interval first); a peer that
     * cannot be reached is {@link Seen#NOT_SERVING}, after the interval.
     */
    Seen next() throws InterruptedException;

    @Override
    void close();

    /** ZooKeeper (stock or on Ballot): {@code srvr} answers only while the server serves, with its mode. */
    static PeerProbe srvr(int clientPort, int timeoutMs, Duration every) {
        return new PeerProbe() {
            private boolean asked;

            @Override
            public Seen next() throws InterruptedException {
                if (asked) {
                    sleep(every);
                }
                asked = true;
                try (Socket s = new Socket()) {
                    s.setTcpNoDelay(true);
                    s.connect(new InetSocketAddress("127.0.0.1", clientPort), timeoutMs);
                    s.setSoTimeout(timeoutMs);
                    OutputStream out = s.getOutputStream();
                    out.write("srvr".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    if (reply.contains("Mode: leader")) {
                        return new Seen(ServerEnsemble.Role.LEADING, -1);
                    }
                    return reply.contains("Mode: follower") ? new Seen(ServerEnsemble.Role.FOLLOWING, -1)
                            : Seen.NOT_SERVING;
                } catch (IOException e) {
                    return Seen.NOT_SERVING;
                }
            }

            @Override
            public void close() {
            }
        };
    }

    /** Sleeps {@code d}: a probe's interval, not synchronisation. */
    static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    }

    /**
     * Ballot: the {@code GET /watch} stream's events; the peer serves when its role is established (LEADING, or
     * FOLLOWING the leader it names). Until the admin port listens, and after the stream breaks, it reconnects
     * every {@code every}.
     */
    static PeerProbe ballotWatch(int adminPort, int timeoutMs, Duration every) {
        return new BallotWatchProbe(adminPort, timeoutMs, every);
    }

    /** The events of one {@code /watch} stream (HTTP/1.1, chunked), reopened when it breaks. */
    final class BallotWatchProbe implements PeerProbe {
        private static final byte[] REQUEST = "GET /watch HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        private static final Pattern LEADER = Pattern.compile("\"leader\"\\s*:\\s*(\\d+)");
        private static final Pattern ROLE = Pattern.compile("\"role\"\\s*:\\s*\"(\\w+)\"");
        private static final Pattern ESTABLISHED = Pattern.compile("\"established\"\\s*:\\s*true");

        private final int port;
        private final int timeoutMs;
        private final Duration every;
        private volatile Socket socket; // closed by another thread to end a blocked read
        private InputStream in;
        private boolean failed;
        private final StringBuilder pending = new StringBuilder(); // stream text not yet a whole event

        BallotWatchProbe(int port, int timeoutMs, Duration every) {
            this.port = port;
            this.timeoutMs = timeoutMs;
            this.every = every;
        }

        @Override
        public Seen next() throws InterruptedException {
            if (failed) {
                sleep(every);
                failed = false;
            }
            try {
                if (socket == null) {
                    open();
                }
                return parse(nextEvent(in, pending));
            } catch (IOException | RuntimeException e) {
                close();
                failed = true;
                return Seen.NOT_SERVING;
            }
        }

        private void open() throws IOException {
            pending.setLength(0);
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
            socket.setSoTimeout(0); // events come when the peer changes; a dead peer's socket is closed
            in = new BufferedInputStream(socket.getInputStream());
            socket.getOutputStream().write(REQUEST);
            String status = HttpText.line(in);
            if (!status.startsWith("HTTP/1.1 200")) {
                throw new IOException("/watch: " + status);
            }
            for (String h = HttpText.line(in); !h.isEmpty(); h = HttpText.line(in)) {
                // headers: Transfer-Encoding chunked, as the admin server streams
            }
        }

        /**
         * The {@code data:} of the next whole event of a chunked Server-Sent-Events body, read chunk by chunk;
         * {@code pending} holds what was read past the last event.
         */
        static String nextEvent(InputStream in, StringBuilder pending) throws IOException {
            while (true) {
                int end = pending.indexOf("\n\n");
                if (end >= 0) {
                    String event = pending.substring(0, end);
                    pending.delete(0, end + 2);
                    int data = event.indexOf("data: ");
                    if (data >= 0) {
                        return event.substring(data + 6);
                    }
                    continue; // a heartbeat comment
                }
                int size = Integer.parseInt(HttpText.line(in).trim(), 16);
                if (size == 0) {
                    throw new IOException("/watch ended");
                }
                byte[] chunk = in.readNBytes(size);
                if (chunk.length != size) {
                    throw new IOException("/watch closed in a chunk");
                }
                HttpText.line(in); // the CRLF after the chunk
                pending.append(new String(chunk, StandardCharsets.UTF_8));
            }
        }

        /** The view's role and leader; not established or LOOKING is not serving. */
        static Seen parse(String body) {
            Matcher role = ROLE.matcher(body);
            Matcher leader = LEADER.matcher(body);
            if (!role.find() || !leader.find() || !ESTABLISHED.matcher(body).find()) {
                return Seen.NOT_SERVING;
            }
            long sid = Long.parseLong(leader.group(1));
            return switch (role.group(1)) {
                case "LEADING" -> new Seen(ServerEnsemble.Role.LEADING, sid);
                case "FOLLOWING" -> new Seen(ServerEnsemble.Role.FOLLOWING, sid);
                default -> Seen.NOT_SERVING; // observers do not count towards a majority; LOOKING does not serve
            };
        }

        @Override
        public void close() {
            Socket s = socket;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a probe connection: nothing to do
                }
            }
            socket = null;
        }
    }

    /** Reading HTTP/1.1 text. */
    final class HttpText {
        private HttpText() {
        }

        /** One line without its CR LF. */
        static String line(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
                if (sb.length() > 8192) {
                    throw new IOException("header line too long");
                }
            }
            return sb.toString();
        }
    }
}
