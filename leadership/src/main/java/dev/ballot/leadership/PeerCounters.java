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
    public PeerCounters {
        handshakesRejected = Map.copyOf(handshakesRejected);
    }
}
