package dev.ballot.core.quorum;

import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.server.quorum.flexible.QuorumHierarchical;
import org.apache.zookeeper.server.quorum.flexible.QuorumMaj;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/** ZooKeeper 3.9.5's own verifiers, built from Ballot's config text: the black-box oracle of the table tests. */
final class ZooKeeperVerifiers {
    private ZooKeeperVerifiers() {
    }

    static Properties properties(String configText) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(configText));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return p;
    }

    static QuorumMaj majority(QuorumVerifier q) {
        try {
            return new QuorumMaj(properties(q.toConfigString()));
        } catch (QuorumPeerConfig.ConfigException e) {
            throw new AssertionError(e);
        }
    }

    static QuorumHierarchical hierarchical(QuorumVerifier q) {
        try {
            return new QuorumHierarchical(properties(q.toConfigString()));
        } catch (QuorumPeerConfig.ConfigException e) {
            throw new AssertionError(e);
        }
    }

    /** What ZooKeeper's vote tracker would ack: only voting members get into the ack set (docs/protocol.md "Quorums and termination"). */
    static Set<Long> acks(QuorumVerifier q, Set<Long> votes) {
        return votes.stream().filter(q::isVoter).collect(Collectors.toSet());
    }
}
