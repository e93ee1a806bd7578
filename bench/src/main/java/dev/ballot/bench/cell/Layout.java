package dev.ballot.bench.cell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The peers of one benchmark ensemble: voters get sids {@code 1..voters}, observers follow. Ports come from
 * the OS (bind {@code 127.0.0.1:0}, then release), because both systems need fixed ports in their member
 * lists. Immutable.
 *
 * @param peers every peer, voters first
 */
public record Layout(List<PeerSpec> peers) {
    /** The only address the benchmark binds. */
    public static final String HOST = "127.0.0.1";

    public Layout {
        peers = List.copyOf(peers);
    }

    /** A layout of {@code voters} participants and {@code observers} observers on fresh OS ports. */
    public static Layout allocate(int voters, int observers) {
        List<PeerSpec> peers = new ArrayList<>();
        int[] ports = freePorts(2 * (voters + observers));
        for (int i = 0; i < voters + observers; i++) {
            int election = ports[2 * i];
            peers.add(new PeerSpec(i + 1L, i >= voters, election, ports[2 * i + 1], election));
        }
        return new Layout(peers);
    }

    /** This layout with other peers dialing {@code advertised.get(sid)} instead of the listening port. */
    public Layout advertising(Map<Long, Integer> advertised) {
        List<PeerSpec> out = new ArrayList<>();
        for (PeerSpec p : peers) {
            out.add(new PeerSpec(p.sid(), p.observer(), p.electionPort(), p.quorumPort(),
                    advertised.getOrDefault(p.sid(), p.electionPort())));
        }
        return new Layout(out);
    }

    public int voters() {
        return (int) peers.stream().filter(p -> !p.observer()).count();
    }

    /** Sids of every peer, voters first. */
    public List<Long> sids() {
        return peers.stream().map(PeerSpec::sid).toList();
    }

    /** Ports the OS hands out for {@code 127.0.0.1:0}, all distinct (the sockets are held until all are chosen). */
    public static int[] freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                s.setReuseAddress(true);
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot allocate loopback ports", e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // a port we failed to release is simply not reused
                }
            }
        }
    }
}
