package dev.ballot.transport.netty.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throw-away certificate authority for TLS tests, generated in memory with Bouncy Castle (EC
 * P-256): peer certificates with a DNS SAN, written as PEM (key and chain in one file, like
 * ZooKeeper's PEM key store) or PKCS12.
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(1);
    private final KeyPair caKey;
    private final X509Certificate ca;

    public TestCertificates() {
        try {
            caKey = newKeyPair();
            X500Name name = new X500Name("CN=Ballot Test CA");
            JcaX509v3CertificateBuilder b = builder(name, name, caKey);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            ca = sign(b);
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed leaf for {@code dnsName} (also its CN): the private key and the certificate. */
    public record Leaf(KeyPair key, X509Certificate cert) {
    }

    public Leaf issue(String dnsName) {
        try {
            KeyPair key = newKeyPair();
            JcaX509v3CertificateBuilder b = builder(new X500Name("CN=Ballot Test CA"), new X500Name("CN=" + dnsName), key);
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            return new Leaf(key, sign(b));
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CA's own certificate, for trust stores built in memory. */
    public X509Certificate caCertificate() {
        return ca;
    }

    /** PEM key store: PKCS#8 private key followed by the leaf and CA certificates. */
    public Path writePemKeyStore(Leaf leaf, Path file) throws IOException, GeneralSecurityException {
        String pem = pem("PRIVATE KEY", leaf.key().getPrivate().getEncoded()) + pem("CERTIFICATE", leaf.cert().getEncoded())
                + pem("CERTIFICATE", ca.getEncoded());
        return Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    /** PEM trust store holding the CA certificate. */
    public Path writePemTrustStore(Path file) throws IOException, GeneralSecurityException {
        return Files.writeString(file, pem("CERTIFICATE", ca.getEncoded()), StandardCharsets.US_ASCII);
    }

    /** PKCS12 key store with the leaf's key and chain under {@code password}. */
    public Path writePkcs12KeyStore(Leaf leaf, Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("peer", leaf.key().getPrivate(), password.toCharArray(), new Certificate[] {leaf.cert(), ca});
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
        return file;
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair key) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.getAndIncrement()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, key.getPublic());
    }

    private X509Certificate sign(JcaX509v3CertificateBuilder b)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
