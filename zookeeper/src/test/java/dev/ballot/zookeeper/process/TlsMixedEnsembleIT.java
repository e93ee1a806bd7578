package dev.ballot.zookeeper.process;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * {@code sslQuorum=true} in a mixed ensemble: Ballot servers 2 and 3 and stock server 1 elect, serve and survive
 * a kill of the leader over TLS only (election and Zab), with certificates made by the test.
 */
class TlsMixedEnsembleIT extends ProcessTest {
    @Test
    void mixedEnsembleElectsAndServesOverQuorumTls() throws Exception {
        TestCertificates certs = TestCertificates.create(Files.createDirectories(dir.resolve("certs")));
        ensemble = new ZkEnsemble(dir, 3, certs.zooCfg());
        MixedEnsembleIT.run(ensemble, MixedEnsembleIT.sids("2 3"));
        String stockLog = Files.readString(ensemble.log(1));
        assertTrue(stockLog.contains("Creating TLS-only quorum server socket"), "stock server 1 listens for TLS only");
        assertTrue(stockLog.contains("SSL handshake complete with"), "stock server 1 completed TLS election handshakes");
    }
}
