package dev.ballot.leadership;

import java.util.Map;

/**
 * Cumulative counters read from the election and the transport at exposition time.
 *
 * @param electionsStarted      elections started
 * @param notificationsReceived notifications received
 * @param notificationsSent     notifications sent
 * @param connectionsOpened     election connections opened
 * @param connectionsClosed     election connections closed
 * @param handshakesAccepted    handshakes accepted
 * @param handshakesRejected    handshakes rejected, by reason
 * @param framesIn              frames received
 * @param framesOut             frames sent
 * @param bytesIn               bytes received
 * @param bytesOut              bytes sent
 * @param sendQueueDrops        messages dropped from full send queues
 * @param reconnects            reconnect attempts
 * @param connectedPeers        peers connected now
 */
public record PeerCounters(long electionsStarted, long notificationsReceived, long notificationsSent,
                               long connectionsOpened, long connectionsClosed, long handshakesAccepted,
                               Map<String, Long> handshakesRejected, long framesIn, long framesOut, long bytesIn,
                               long bytesOut, long sendQueueDrops, long reconnects, int connectedPeers) {
    /** Nothing counted yet. */
    public static final PeerCounters ZERO = new PeerCounters(0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0);

    public PeerCounters {
        handshakesRejected = Map.copyOf(handshakesRejected);
    }

    /** The same counts with no peer connected (a closed transport's). */
    public PeerCounters disconnected() {
        return new PeerCounters(electionsStarted, notificationsReceived, notificationsSent, connectionsOpened,
                connectionsClosed, handshakesAccepted, handshakesRejected, framesIn, framesOut, bytesIn, bytesOut,
                sendQueueDrops, reconnects, 0);
    }

    /** The sum of both, field by field (rejections by reason added up). */
    public PeerCounters plus(PeerCounters o) {
        Map<String, Long> rejected = new java.util.TreeMap<>(handshakesRejected);
        o.handshakesRejected.forEach((k, v) -> rejected.merge(k, v, Long::sum));
        return new PeerCounters(electionsStarted + o.electionsStarted, notificationsReceived + o.notificationsReceived,
                notificationsSent + o.notificationsSent, connectionsOpened + o.connectionsOpened,
                connectionsClosed + o.connectionsClosed, handshakesAccepted + o.handshakesAccepted, rejected,
                framesIn + o.framesIn, framesOut + o.framesOut, bytesIn + o.bytesIn, bytesOut + o.bytesOut,
                sendQueueDrops + o.sendQueueDrops, reconnects + o.reconnects, connectedPeers + o.connectedPeers);
    }
}
