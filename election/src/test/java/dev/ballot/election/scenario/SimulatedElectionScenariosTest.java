package dev.ballot.election.scenario;

import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.election.sim.Ensemble;
import dev.ballot.election.sim.SimEnsemble;

/** The scenario suite on the simulator (virtual time). */
class SimulatedElectionScenariosTest extends ElectionScenarios {
    @Override
    protected Ensemble ensemble(QuorumVerifier quorum) {
        return new SimEnsemble(quorum, true);
    }

    @Override
    protected boolean deterministicTiming() {
        return true;
    }
}
