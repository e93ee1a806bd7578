package dev.ballot.election.scenario;

import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.election.sim.Ensemble;

/** The scenario suite on Netty peers over loopback (real time, 127.0.0.1, OS-chosen ports). */
class NettyElectionScenariosTest extends ElectionScenarios {
    @Override
    protected Ensemble ensemble(QuorumVerifier quorum) {
        return new NettyEnsemble(quorum);
    }
}
