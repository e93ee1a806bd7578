package dev.ballot.zookeeper.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 (SAN IP, which both ZooKeeper's host-name check and Ballot's sid
 * binding accept) in a PKCS12 key store, and a PKCS12 trust store holding it, made with the JDK's keytool.
 */
final class TestCertificates {
    static final String PASSWORD = "test-secret";

    final Path keyStore;
    final Path trustStore;

    private TestCertificates(Path keyStore, Path trustStore) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
    }

    static TestCertificates create(Path dir) throws IOException, InterruptedException {
        Path ks = dir.resolve("quorum-key.p12");
        Path cert = dir.resolve("quorum-cert.pem");
        Path ts = dir.resolve("quorum-trust.p12");
        keytool("-genkeypair", "-alias", "quorum", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "quorum", "-keystore", ks.toString(), "-storepass", PASSWORD, "-file",
                cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "quorum", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", ts.toString(), "-storepass", PASSWORD);
        return new TestCertificates(ks, ts);
    }

    /** The zoo.cfg lines of quorum TLS with these stores. */
    String zooCfg() {
        return "sslQuorum=true\n"
                + "ssl.quorum.keyStore.location=" + keyStore + "\nssl.quorum.keyStore.password=" + PASSWORD
                + "\nssl.quorum.keyStore.type=PKCS12\n"
                + "ssl.quorum.trustStore.location=" + trustStore + "\nssl.quorum.trustStore.password=" + PASSWORD
                + "\nssl.quorum.trustStore.type=PKCS12\n";
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
