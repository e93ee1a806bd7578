package dev.ballot.zookeeper.process;

import java.util.List;

/** The thread names of ZooKeeper 3.9.5's QuorumCnxManager and FastLeaderElection. */
final class ElectionThreads {
    static final List<String> ZOOKEEPER_ELECTION_THREADS = List.of("SendWorker", "RecvWorker", "QuorumPeerListener",
            "ListenerThread", "ListenerHandler", "QuorumConnectionThread", "QuorumConnectionReqThread",
            "QuorumConnectionReceiverThread", "WorkerSender", "WorkerReceiver");

    private ElectionThreads() {
    }

    /** The threads among {@code names} that belong to ZooKeeper's election layer. */
    static List<String> zooKeeperElectionThreads(List<String> names) {
        return names.stream().filter(n -> ZOOKEEPER_ELECTION_THREADS.stream().anyMatch(n::startsWith)).toList();
    }
}
