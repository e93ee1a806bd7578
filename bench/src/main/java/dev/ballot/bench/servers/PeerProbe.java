package dev.ballot.bench.servers;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks one peer what it is, as cheaply as it can be asked: Ballot's {@code GET /leader} on one kept-alive
 * admin connection (no JSON library, no HTTP client threads), ZooKeeper's {@code srvr} on its client port (a
 * connection per question: ZooKeeper closes it after the answer). Used by one thread; not thread-safe.
 */
interface PeerProbe extends AutoCloseable {

    /** What one answer said. {@code leader} is the sid the peer follows or leads, -1 when it does not say. */
    record Seen(ServerEnsemble.Role role, long leader) {
        static final Seen NOT_SERVING = new Seen(ServerEnsemble.Role.NOT_SERVING, -1);
    }

    /** One question; a peer that does not answer within the probe's timeout is {@link Seen#NOT_SERVING}. */
    Seen probe();

    @Override
    void close();

    /** ZooKeeper (stock or on Ballot): {@code srvr} answers only while the server serves, with its mode. */
    static PeerProbe srvr(int clientPort, int timeoutMs) {
        return new PeerProbe() {
            @Override
            public Seen probe() {
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

    /**
     * Ballot: {@code GET /leader}; the peer serves when its role is established (LEADING, or FOLLOWING the leader
     * it names).
     */
    static PeerProbe ballotLeader(int adminPort, int timeoutMs) {
        return new BallotLeaderProbe(adminPort, timeoutMs);
    }

    /** {@code GET /leader} over one HTTP/1.1 connection, reopened when it fails. */
    final class BallotLeaderProbe implements PeerProbe {
        private static final byte[] REQUEST = "GET /leader HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        private static final Pattern LEADER = Pattern.compile("\"leader\"\\s*:\\s*(\\d+)");
        private static final Pattern ROLE = Pattern.compile("\"role\"\\s*:\\s*\"(\\w+)\"");
        private static final Pattern ESTABLISHED = Pattern.compile("\"established\"\\s*:\\s*true");

        private final int port;
        private final int timeoutMs;
        private Socket socket;
        private InputStream in;

        BallotLeaderProbe(int port, int timeoutMs) {
            this.port = port;
            this.timeoutMs = timeoutMs;
        }

        @Override
        public Seen probe() {
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
                    socket.setSoTimeout(timeoutMs);
                    in = new BufferedInputStream(socket.getInputStream());
                }
                socket.getOutputStream().write(REQUEST);
                Response r = Response.read(in);
                if (!r.keepAlive) {
                    close();
                }
                return r.status == 200 ? parse(r.body) : Seen.NOT_SERVING;
            } catch (IOException | RuntimeException e) {
                close();
                return Seen.NOT_SERVING;
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
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a probe connection: nothing to do
                }
            }
            socket = null;
            in = null;
        }
    }

    /** One HTTP/1.1 response with a Content-Length (what Ballot's admin server sends for /leader). */
    record Response(int status, boolean keepAlive, String body) {
        static Response read(InputStream in) throws IOException {
            String statusLine = line(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP response: " + statusLine);
            }
            int length = -1;
            boolean keepAlive = true;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    keepAlive = false;
                }
            }
            if (length < 0) {
                throw new IOException("no Content-Length");
            }
            byte[] body = in.readNBytes(length);
            if (body.length != length) {
                throw new IOException("connection closed in the body");
            }
            return new Response(Integer.parseInt(parts[1]), keepAlive, new String(body, StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
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
