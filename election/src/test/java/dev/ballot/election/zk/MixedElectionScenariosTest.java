package dev.ballot.election.zk;

import dev.ballot.core.quorum.QuorumVerifier;
import dev.ballot.election.scenario.ElectionScenarios;
import dev.ballot.election.sim.Ensemble;

/**
 * The scenario suite on a mixed ensemble: odd sids run the real ZooKeeper 3.9.5 election, even sids
 * Ballot. Scenarios whose "real peer" is sid 1 therefore check that ZooKeeper itself behaves as the
 * suite expects, against Ballot mocks.
 */
class MixedElectionScenariosTest extends ElectionScenarios {
    @Override
    protected Ensemble ensemble(QuorumVerifier quorum) {
        return new MixedEnsemble(quorum, sid -> sid % 2 == 1);
    }
}
