package dev.signoff.registry;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fulcio's short-lived signing certificates, checked offline with JDK crypto: the chain to a
 * configured root at a given time (the time the signature was logged, not now: the certificates
 * live ten minutes), the subject (the SAN: an email or a URI) and the OIDC issuer extension
 * ({@value #ISSUER}, a DER UTF8String, or the legacy {@value #LEGACY_ISSUER}, raw bytes).
 */
final class FulcioCertificates {
    static final String ISSUER = "1.3.6.1.4.1.57264.1.8";
    static final String LEGACY_ISSUER = "1.3.6.1.4.1.57264.1.1";
    private static final int RFC822_NAME = 1;
    private static final int URI = 6;

    private FulcioCertificates() {
    }

    /** The certificates in PEM text, in order; the message says why there are none. */
    static List<X509Certificate> parse(String pem, String what) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)))) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(what + " is not a PEM certificate");
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(what + " holds no PEM certificate");
        }
        return certificates;
    }

    /**
     * Null when {@code leaf} (with the intermediate certificates of {@code chain}) was valid at
     * {@code at} and chains to one of the self-signed certificates of {@code roots} (the others are
     * intermediates); otherwise why not.
     */
    static String chainProblem(X509Certificate leaf, List<X509Certificate> chain, List<X509Certificate> roots, Instant at) {
        String validity = validityProblem(leaf, at);
        if (validity != null) {
            return validity;
        }
        Set<X509Certificate> anchors = new HashSet<>();
        for (X509Certificate root : roots) {
            if (root.getSubjectX500Principal().equals(root.getIssuerX500Principal())) {
                anchors.add(root);
            }
        }
        List<X509Certificate> intermediates = new ArrayList<>();
        for (X509Certificate intermediate : chain.isEmpty() ? roots : chain) {
            if (!intermediate.getSubjectX500Principal().equals(intermediate.getIssuerX500Principal())) {
                intermediates.add(intermediate);
            }
        }
        try {
            validate(leaf, intermediates, anchors, at);
            return null;
        } catch (CertPathValidatorException e) {
            X509Certificate root = roots.getFirst();
            return "the certificate for " + String.join(", ", subjects(leaf)) + " (issuer " + leaf.getIssuerX500Principal().getName()
                    + ") was not issued by the Fulcio root (" + root.getSubjectX500Principal().getName() + ", key "
                    + Keys.fingerprint(root.getPublicKey()) + ") or a certificate it issued";
        } catch (GeneralSecurityException e) {
            return "the certificate chain cannot be checked: " + e.getMessage();
        }
    }

    /** Null when {@code leaf} was valid at {@code at}, the time its signature was logged; otherwise why not. */
    static String validityProblem(X509Certificate leaf, Instant at) {
        try {
            leaf.checkValidity(Date.from(at));
            return null;
        } catch (CertificateExpiredException e) {
            return "the certificate for " + String.join(", ", subjects(leaf)) + " expired at " + leaf.getNotAfter().toInstant()
                    + ", before the signature was logged at " + at;
        } catch (CertificateNotYetValidException e) {
            return "the certificate for " + String.join(", ", subjects(leaf)) + " was not valid until " + leaf.getNotBefore().toInstant()
                    + ", after the signature was logged at " + at;
        }
    }

    /**
     * Validates the path from {@code leaf} through {@code intermediates} (in order, leaf's issuer
     * first; the leaf itself and repeats are left out) to one of {@code anchors} at {@code at},
     * without revocation checks; a CertPathValidatorException when it does not lead there.
     */
    static void validate(X509Certificate leaf, List<X509Certificate> intermediates, Set<X509Certificate> anchors, Instant at) throws GeneralSecurityException {
        Set<TrustAnchor> trusted = new HashSet<>();
        anchors.forEach(anchor -> trusted.add(new TrustAnchor(anchor, null)));
        List<X509Certificate> path = new ArrayList<>(List.of(leaf));
        for (X509Certificate intermediate : intermediates) {
            if (!path.contains(intermediate) && !anchors.contains(intermediate)) {
                path.add(intermediate);
            }
        }
        PKIXParameters parameters = new PKIXParameters(trusted);
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
    }

    /** The certificate's subjects: its SAN emails and URIs. */
    static List<String> subjects(X509Certificate certificate) {
        List<String> subjects = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            for (List<?> name : names == null ? List.<List<?>>of() : names) {
                if ((Integer) name.get(0) == RFC822_NAME || (Integer) name.get(0) == URI) {
                    subjects.add(String.valueOf(name.get(1)));
                }
            }
        } catch (GeneralSecurityException e) {
            return subjects;
        }
        return subjects;
    }

    /** The OIDC issuer Fulcio wrote into the certificate, or "" when it wrote none. */
    static String issuer(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(ISSUER);
        if (value != null) {
            byte[] utf8 = content(content(value, 0x04), 0x0c);
            return utf8 == null ? "" : new String(utf8, StandardCharsets.UTF_8);
        }
        byte[] legacy = content(certificate.getExtensionValue(LEGACY_ISSUER), 0x04);
        return legacy == null ? "" : new String(legacy, StandardCharsets.UTF_8);
    }

    /** The content of a DER element with the given tag, or null when it is not one. */
    private static byte[] content(byte[] der, int tag) {
        if (der == null || der.length < 2 || (der[0] & 0xff) != tag) {
            return null;
        }
        int length = der[1] & 0xff;
        int start = 2;
        if (length > 0x80) {
            int octets = length - 0x80;
            if (octets > 3 || der.length < 2 + octets) {
                return null;
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (der[2 + i] & 0xff);
            }
            start += octets;
        } else if (length == 0x80) {
            return null;
        }
        if (start + length != der.length) {
            return null;
        }
        byte[] content = new byte[length];
        System.arraycopy(der, start, content, 0, length);
        return content;
    }
}
