package dev.ballot.zookeeper.process;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/** Checks on acknowledged writes. */
final class Writes {
    private Writes() {
    }

    /** Every acknowledged path is present on every running server (each read through a client of its own). */
    static void assertEveryWriteOnEveryServer(ZkEnsemble ensemble, String parent, Set<String> acked) throws Exception {
        for (long sid = 1; sid <= ensemble.nodes(); sid++) {
            if (!ensemble.isRunning(sid)) {
                continue;
            }
            try (Client c = Client.connect(ensemble.connectString(sid))) {
                Set<String> present = c.childrenAfterSync(parent);
                Set<String> missing = new HashSet<>(acked);
                missing.removeAll(present);
                assertTrue(missing.isEmpty(), "server " + sid + " (" + ensemble.kind(sid) + ") lacks "
                        + missing.size() + " of " + acked.size() + " acknowledged writes: " + new TreeSet<>(missing));
            }
        }
    }
}
