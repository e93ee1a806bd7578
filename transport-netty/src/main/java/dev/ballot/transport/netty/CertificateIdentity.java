package dev.ballot.transport.netty;

import io.netty.util.NetUtil;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a peer certificate names an expected identity: a DNS SAN equal to it (ignoring case), an IP
 * SAN with the same address bytes, or, failing both, a subject CN equal to it. Pure; no DNS.
 */
final class CertificateIdentity {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private CertificateIdentity() {
    }

    static boolean matches(X509Certificate cert, String expected) {
        byte[] expectedIp = NetUtil.createByteArrayFromIpAddressString(stripBrackets(expected));
        for (List<?> san : sans(cert)) {
            int type = (Integer) san.get(0);
            String value = String.valueOf(san.get(1));
            if (type == SAN_DNS && value.equalsIgnoreCase(expected)) {
                return true;
            }
            if (type == SAN_IP && expectedIp != null
                    && Arrays.equals(expectedIp, NetUtil.createByteArrayFromIpAddressString(value))) {
                return true;
            }
        }
        return commonNames(cert).stream().anyMatch(cn -> cn.equalsIgnoreCase(expected));
    }

    /** The names a certificate presents, for log lines. */
    static String describe(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        sans(cert).forEach(san -> names.add(String.valueOf(san.get(1))));
        names.addAll(commonNames(cert));
        return names.toString();
    }

    private static Collection<List<?>> sans(X509Certificate cert) {
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            return sans == null ? List.of() : sans;
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static List<String> commonNames(X509Certificate cert) {
        try {
            List<String> out = new ArrayList<>();
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().toUpperCase(Locale.ROOT).equals("CN")) {
                    out.add(String.valueOf(rdn.getValue()));
                }
            }
            return out;
        } catch (InvalidNameException e) {
            return List.of();
        }
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
