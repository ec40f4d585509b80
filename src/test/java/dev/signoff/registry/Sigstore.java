package dev.signoff.registry;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * A throw-away sigstore for the tests: Fulcio-like CAs and short-lived leaf certificates (made
 * with BouncyCastle, as the JDK has no public API to issue certificates), and Rekor bundles signed
 * with a Rekor key, in the formats cosign writes beside a keyless signature.
 */
final class Sigstore {
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    /** A CA: its key pair and certificate. */
    record Authority(KeyPair keys, X509Certificate certificate) {
    }

    /** A leaf certificate for one signer and its key pair. */
    record Signer(KeyPair keys, X509Certificate certificate) {
    }

    private Sigstore() {
    }

    /** A self-signed root CA valid 2025–2035. */
    static Authority root(String name) {
        KeyPair keys = Cosign.keyPair("EC");
        return new Authority(keys, issue(new X500Name("CN=" + name + ",O=sigstore.dev"), keys, new X500Name("CN=" + name + ",O=sigstore.dev"),
                keys.getPublic(), Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2035-01-01T00:00:00Z"), true, null));
    }

    /** An intermediate CA issued by {@code parent}. */
    static Authority intermediate(Authority parent, String name) {
        KeyPair keys = Cosign.keyPair("EC");
        return new Authority(keys, issue(name(parent), parent.keys(), new X500Name("CN=" + name + ",O=sigstore.dev"), keys.getPublic(),
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2035-01-01T00:00:00Z"), true, null));
    }

    /**
     * A Fulcio-style leaf: empty subject, the identity as a critical SAN (an email, or a URI when
     * it has a scheme), valid ten minutes from {@code from}, the OIDC issuer in extension
     * 1.3.6.1.4.1.57264.1.8 (a UTF8String) or, {@code legacy}, 1.3.6.1.4.1.57264.1.1 (raw bytes).
     */
    static Signer leaf(Authority ca, String subject, String issuer, Instant from, boolean legacy) {
        KeyPair keys = Cosign.keyPair("EC");
        Leaf leaf = new Leaf(subject, issuer, legacy);
        return new Signer(keys, issue(name(ca), ca.keys(), new X500Name(new RDN[0]), keys.getPublic(), from, from.plusSeconds(600), false, leaf));
    }

    /** cosign's layer annotations for a keyless signature: signature, certificate, chain (if any) and bundle (if any). */
    static Map<String, String> annotations(Signer signer, List<X509Certificate> chain, String bundle) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("dev.sigstore.cosign/certificate", pem(signer.certificate()));
        if (!chain.isEmpty()) {
            annotations.put("dev.sigstore.cosign/chain", String.join("", chain.stream().map(Sigstore::pem).toList()));
        }
        if (bundle != null) {
            annotations.put("dev.sigstore.cosign/bundle", bundle);
        }
        return annotations;
    }

    /** The base64 signature over {@code payload} with {@code key} (SHA-256 ECDSA, as cosign signs). */
    static String sign(byte[] payload, PrivateKey key) {
        return Base64.getEncoder().encodeToString(signature(payload, key));
    }

    /** A hashedrekord entry for the signature, the payload's sha256 and the certificate, as Rekor's body. */
    static String hashedRekord(String signature, byte[] payload, X509Certificate certificate) {
        String sha256 = HexFormat.of().formatHex(Manifest.newHasher("sha256").digest(payload));
        String body = "{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"data\":{\"hash\":{\"algorithm\":\"sha256\",\"value\":\"" + sha256
                + "\"}},\"signature\":{\"content\":\"" + signature + "\",\"publicKey\":{\"content\":\""
                + Base64.getEncoder().encodeToString(pem(certificate).getBytes(StandardCharsets.UTF_8)) + "\"}}}}";
        return Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * cosign's bundle annotation: the Rekor key's signature (SET) over the canonical JSON of the
     * Payload (keys sorted, no whitespace), and the Payload.
     */
    static String bundle(String body, Instant integratedTime, long logIndex, KeyPair rekor) {
        String logId = HexFormat.of().formatHex(Manifest.newHasher("sha256").digest(rekor.getPublic().getEncoded()));
        String canonical = "{\"body\":\"" + body + "\",\"integratedTime\":" + integratedTime.getEpochSecond() + ",\"logID\":\"" + logId
                + "\",\"logIndex\":" + logIndex + "}";
        String set = Base64.getEncoder().encodeToString(signature(canonical.getBytes(StandardCharsets.UTF_8), rekor.getPrivate()));
        return JsonMapper.shared().writeValueAsString(Map.of("SignedEntryTimestamp", set, "Payload",
                Map.of("logIndex", logIndex, "body", body, "logID", logId, "integratedTime", integratedTime.getEpochSecond())));
    }

    static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Leaf(String subject, String issuer, boolean legacy) {
    }

    private static X500Name name(Authority ca) {
        return X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    }

    private static byte[] signature(byte[] message, PrivateKey key) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(message);
            return signer.sign();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate issue(X500Name issuer, KeyPair issuerKeys, X500Name subject, java.security.PublicKey key, Instant from, Instant until,
                                         boolean ca, Leaf leaf) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(from), Date.from(until), subject, key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            if (leaf != null) {
                int type = leaf.subject().contains("://") ? GeneralName.uniformResourceIdentifier : GeneralName.rfc822Name;
                builder.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(new GeneralName(type, leaf.subject())));
                if (leaf.legacy()) {
                    builder.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.1"), false, leaf.issuer().getBytes(StandardCharsets.UTF_8));
                } else {
                    builder.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.1.8"), false, new DERUTF8String(leaf.issuer()));
                }
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("issuing a test certificate: " + e, e);
        }
    }
}
