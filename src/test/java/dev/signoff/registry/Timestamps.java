package dev.signoff.registry;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * A throw-away RFC 3161 timestamp authority for the tests (BouncyCastle's TSP generator, as the
 * JDK cannot sign CMS): a self-signed root and a TSA certificate with the critical timeStamping
 * key usage, and timestamps over given bytes at a given genTime, as the TSA's response or the token
 * alone, in the JSON a Sigstore bundle carries them.
 */
final class Timestamps {
    private static final AtomicLong SERIAL = new AtomicLong(5000);

    /** A timestamp authority: its signing key and certificate, and the root that issued it. */
    record Tsa(KeyPair keys, X509Certificate certificate, X509Certificate root) {
        List<X509Certificate> chain() {
            return List.of(certificate, root);
        }
    }

    private Timestamps() {
    }

    /** A TSA named {@code name} whose certificates are valid 2025–2035. */
    static Tsa authority(String name) {
        KeyPair rootKeys = Cosign.keyPair("EC");
        KeyPair keys = Cosign.keyPair("EC");
        X500Name root = new X500Name("CN=" + name + " root,O=tsa.example.com");
        X509Certificate rootCertificate = issue(root, rootKeys, root, rootKeys, true);
        return new Tsa(keys, issue(root, rootKeys, new X500Name("CN=" + name + ",O=tsa.example.com"), keys, false), rootCertificate);
    }

    /** The base64 DER timestamp of {@code tsa} over the sha256 of {@code signature} at {@code genTime}: its TimeStampResp, or ({@code response} false) the token alone. */
    static String over(Tsa tsa, byte[] signature, Instant genTime, boolean response) {
        try {
            TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
                    new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withECDSA", tsa.keys().getPrivate(), tsa.certificate()),
                    new JcaDigestCalculatorProviderBuilder().build().get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                    new ASN1ObjectIdentifier("1.3.6.1.4.1.57264.2"));
            TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
            requests.setCertReq(false);
            TimeStampRequest request = requests.generate(TSPAlgorithms.SHA256, MessageDigest.getInstance("SHA-256").digest(signature));
            BigInteger serial = BigInteger.valueOf(SERIAL.incrementAndGet());
            byte[] der = response ? new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED).generate(request, serial, Date.from(genTime)).getEncoded()
                    : tokens.generate(request, serial, Date.from(genTime)).getEncoded();
            return Base64.getEncoder().encodeToString(der);
        } catch (Exception e) {
            throw new IllegalStateException("making a test timestamp: " + e, e);
        }
    }

    /** The bundle's {@code timestampVerificationData} holding {@code timestamps} (base64 DER). */
    static String data(String... timestamps) {
        StringBuilder json = new StringBuilder("{\"rfc3161Timestamps\":[");
        for (int i = 0; i < timestamps.length; i++) {
            json.append(i > 0 ? "," : "").append("{\"signedTimestamp\":\"").append(timestamps[i]).append("\"}");
        }
        return json.append("]}").toString();
    }

    private static X509Certificate issue(X500Name issuer, KeyPair issuerKeys, X500Name subject, KeyPair keys, boolean ca) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(Instant.parse("2025-01-01T00:00:00Z")), Date.from(Instant.parse("2035-01-01T00:00:00Z")), subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (!ca) {
                builder.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("issuing a test TSA certificate: " + e, e);
        }
    }
}
