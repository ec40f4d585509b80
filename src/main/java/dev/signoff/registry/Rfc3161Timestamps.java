package dev.signoff.registry;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

import tools.jackson.databind.JsonNode;

/**
 * The RFC 3161 timestamps of a Sigstore bundle
 * ({@code verificationMaterial.timestampVerificationData.rfc3161Timestamps[].signedTimestamp}: base64
 * DER of a TimeStampResp or of the TimeStampToken alone), checked offline with JDK crypto. A
 * timestamp counts when its TSTInfo's messageImprint is the hash of the bundle's signature bytes;
 * its CMS SignedData has one signer whose signed attributes name the TSTInfo content type and carry
 * the hash of the TSTInfo, and whose signature over the DER SET of those attributes verifies with
 * the first certificate (the TSA's, which must name the timeStamping key usage) of a timestamp
 * authority of the trusted root, named by issuer and serial number; that certificate and the
 * authority's {@code validFor} both cover the genTime. The genTime is then when the signature
 * existed. Every timestamp a bundle carries must count.
 */
final class Rfc3161Timestamps {
    private static final String SIGNED_DATA = "1.2.840.113549.1.7.2";
    private static final String TST_INFO = "1.2.840.113549.1.9.16.1.4";
    private static final String CONTENT_TYPE = "1.2.840.113549.1.9.3";
    private static final String MESSAGE_DIGEST = "1.2.840.113549.1.9.4";
    private static final String TIME_STAMPING = "1.3.6.1.5.5.7.3.8";
    private static final Map<String, String> DIGESTS = Map.of("2.16.840.1.101.3.4.2.1", "SHA-256", "2.16.840.1.101.3.4.2.2", "SHA-384",
            "2.16.840.1.101.3.4.2.3", "SHA-512");
    private static final Map<String, String> SIGNATURES = Map.of("1.2.840.10045.4.3.2", "SHA256withECDSA", "1.2.840.10045.4.3.3", "SHA384withECDSA",
            "1.2.840.10045.4.3.4", "SHA512withECDSA", "1.2.840.113549.1.1.11", "SHA256withRSA", "1.2.840.113549.1.1.12", "SHA384withRSA",
            "1.2.840.113549.1.1.13", "SHA512withRSA", "1.3.101.112", "Ed25519");
    private static final String RSA = "1.2.840.113549.1.1.1";

    private Rfc3161Timestamps() {
    }

    /** A timestamp authority of the trusted root: its URI, certificate chain (the TSA's own first) and validFor. */
    record Authority(String uri, List<X509Certificate> chain, TrustedRoot.Window validFor) {
    }

    /** A verified timestamp: its genTime and the authority that signed it. */
    record Stamp(Instant genTime, Authority authority) {
        /** The common name of the TSA's certificate ("TSA Timestamping"), else the authority's URI. */
        String by() {
            try {
                for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(authority.chain().getFirst().getSubjectX500Principal().getName()).getRdns()) {
                    if ("CN".equalsIgnoreCase(rdn.getType())) {
                        return rdn.getValue().toString();
                    }
                }
            } catch (javax.naming.InvalidNameException e) {
                // an RFC 2253 name the JDK wrote itself: not expected; the URI names the authority instead
            }
            return authority.uri();
        }
    }

    /**
     * The bundle's timestamps over {@code signature} (genTime and signer), each verified with
     * {@code trust}'s timestamp authorities; empty when the bundle has none. The message of the
     * exception says which timestamp does not count and why.
     */
    static List<Stamp> verify(JsonNode material, byte[] signature, SigstoreTrust trust) {
        JsonNode timestamps = material.path("timestampVerificationData").path("rfc3161Timestamps");
        if (!timestamps.isArray() || timestamps.isEmpty()) {
            return List.of();
        }
        List<Authority> authorities = trust.timestampAuthorities();
        List<Stamp> times = new ArrayList<>();
        for (JsonNode timestamp : timestamps) {
            String what = "RFC 3161 timestamp " + (times.size() + 1);
            byte[] der;
            try {
                der = Base64.getDecoder().decode(timestamp.path("signedTimestamp").asString(""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": its signedTimestamp is not base64");
            }
            try {
                times.add(check(der, signature, authorities));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": " + e.getMessage());
            } catch (IndexOutOfBoundsException | java.util.NoSuchElementException e) {
                throw new IllegalArgumentException(what + ": it is not a TimeStampResp or TimeStampToken (an element is missing)");
            }
        }
        return times;
    }

    private static Stamp check(byte[] der, byte[] signature, List<Authority> authorities) {
        List<Der> outer = Der.parse(der).expect(Der.SEQUENCE, "the timestamp").children();
        Der token = outer.getFirst();
        if (token.tag() == Der.SEQUENCE) { // a TimeStampResp: PKIStatusInfo, then the token
            int status = token.children().getFirst().integer().intValue();
            if (status > 1 || outer.size() < 2) {
                throw new IllegalArgumentException("the timestamp authority did not grant it (status " + status + ")");
            }
            outer = outer.get(1).expect(Der.SEQUENCE, "the timestamp token").children();
        }
        if (!SIGNED_DATA.equals(outer.getFirst().oid()) || outer.size() != 2) {
            throw new IllegalArgumentException("it is not a CMS SignedData");
        }
        List<Der> signedData = only(outer.get(1).expect(0xa0, "the SignedData")).expect(Der.SEQUENCE, "the SignedData").children();
        List<Der> content = signedData.get(2).expect(Der.SEQUENCE, "the encapsulated content").children();
        if (!TST_INFO.equals(content.getFirst().oid()) || content.size() != 2) {
            throw new IllegalArgumentException("it does not encapsulate a TSTInfo");
        }
        byte[] tstInfo = only(content.get(1).expect(0xa0, "the TSTInfo")).expect(Der.OCTET_STRING, "the TSTInfo").content();
        List<Der> signers = signedData.getLast().expect(Der.SET, "the signer infos").children();
        if (signers.size() != 1) {
            throw new IllegalArgumentException("it has " + signers.size() + " signers, not one");
        }
        List<Der> info = Der.parse(tstInfo).expect(Der.SEQUENCE, "the TSTInfo").children();
        if (info.getFirst().integer().intValue() != 1) {
            throw new IllegalArgumentException("its TSTInfo has version " + info.getFirst().integer() + ", not 1");
        }
        Instant genTime = info.get(4).generalizedTime();
        checkImprint(info.get(2).expect(Der.SEQUENCE, "the messageImprint").children(), signature);
        SignerInfo signer = SignerInfo.read(signers.getFirst());
        signer.checkAttributes(tstInfo);
        return checkSigner(signer, genTime, authorities);
    }

    private static void checkImprint(List<Der> imprint, byte[] signature) {
        String algorithm = digestName(imprint.getFirst().expect(Der.SEQUENCE, "the imprint's algorithm").children().getFirst().oid());
        byte[] expected = hasher(algorithm).digest(signature);
        if (!MessageDigest.isEqual(expected, imprint.get(1).expect(Der.OCTET_STRING, "the imprint").content())) {
            throw new IllegalArgumentException("it is over other bytes, not over the bundle's signature (its messageImprint is not the "
                    + algorithm + " of the signature)");
        }
    }

    private static Stamp checkSigner(SignerInfo signer, Instant genTime, List<Authority> authorities) {
        List<String> why = new ArrayList<>();
        for (Authority authority : authorities) {
            X509Certificate tsa = authority.chain().getFirst();
            if (!tsa.getIssuerX500Principal().equals(signer.issuer()) || !tsa.getSerialNumber().equals(signer.serial())) {
                continue;
            }
            if (!authority.validFor().covers(genTime)) {
                why.add("the trusted root trusts the timestamp authority " + authority.uri() + " " + authority.validFor() + ", not at its genTime " + genTime);
            } else if (!tsa.getNotBefore().toInstant().isBefore(genTime.plusNanos(1)) || tsa.getNotAfter().toInstant().isBefore(genTime)) {
                why.add("the certificate of the timestamp authority " + authority.uri() + " is valid from " + tsa.getNotBefore().toInstant()
                        + " until " + tsa.getNotAfter().toInstant() + ", not at its genTime " + genTime);
            } else if (!isTimeStamping(tsa)) {
                why.add("the certificate of the timestamp authority " + authority.uri() + " is not for time stamping (extended key usage)");
            } else if (!signer.verifiedBy(tsa)) {
                why.add("its signature does not verify with the certificate of the timestamp authority " + authority.uri());
            } else {
                return new Stamp(genTime, authority);
            }
        }
        if (why.isEmpty()) {
            throw new IllegalArgumentException("it was signed with the certificate " + signer.serial().toString(16) + " issued by "
                    + signer.issuer().getName() + ", which is not the certificate of a timestamp authority of the trusted root");
        }
        throw new IllegalArgumentException(String.join("; ", why));
    }

    private static boolean isTimeStamping(X509Certificate certificate) {
        try {
            return certificate.getExtendedKeyUsage() != null && certificate.getExtendedKeyUsage().contains(TIME_STAMPING);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** The signer of the SignedData, named by issuer and serial number, with its signed attributes and signature. */
    private record SignerInfo(X500Principal issuer, java.math.BigInteger serial, String digest, byte[] attributes, List<Der> attributeList,
            String algorithm, byte[] signature) {
        static SignerInfo read(Der der) {
            List<Der> fields = der.expect(Der.SEQUENCE, "the signer info").children();
            if (fields.size() < 6 || fields.get(1).tag() != Der.SEQUENCE || fields.get(3).tag() != 0xa0) {
                throw new IllegalArgumentException("its signer is not named by issuer and serial number, or it has no signed attributes");
            }
            List<Der> sid = fields.get(1).children();
            Der attributes = fields.get(3);
            byte[] asSet = attributes.encoded();
            asSet[0] = (byte) Der.SET; // RFC 5652 5.4: the signature covers the attributes as an explicit SET OF
            String signatureOid = fields.get(4).expect(Der.SEQUENCE, "the signature algorithm").children().getFirst().oid();
            String digest = digestName(fields.get(2).expect(Der.SEQUENCE, "the digest algorithm").children().getFirst().oid());
            String algorithm = RSA.equals(signatureOid) ? digest.replace("-", "") + "withRSA" : SIGNATURES.get(signatureOid);
            if (algorithm == null) {
                throw new IllegalArgumentException("it is signed with the algorithm " + signatureOid + ", which Signoff does not check");
            }
            return new SignerInfo(new X500Principal(sid.getFirst().encoded()), sid.get(1).integer(), digest, asSet, attributes.children(),
                    algorithm, fields.get(5).expect(Der.OCTET_STRING, "the signature").content());
        }

        void checkAttributes(byte[] tstInfo) {
            byte[] digestAttribute = null;
            boolean tstType = false;
            for (Der attribute : attributeList) {
                List<Der> parts = attribute.expect(Der.SEQUENCE, "a signed attribute").children();
                String type = parts.getFirst().oid();
                List<Der> values = parts.get(1).expect(Der.SET, "a signed attribute's values").children();
                if (type.equals(CONTENT_TYPE)) {
                    tstType = values.size() == 1 && TST_INFO.equals(values.getFirst().oid());
                } else if (type.equals(MESSAGE_DIGEST) && values.size() == 1) {
                    digestAttribute = values.getFirst().expect(Der.OCTET_STRING, "the message digest").content();
                }
            }
            if (!tstType || digestAttribute == null) {
                throw new IllegalArgumentException("its signed attributes lack the TSTInfo content type or the message digest");
            }
            if (!MessageDigest.isEqual(digestAttribute, hasher(digest).digest(tstInfo))) {
                throw new IllegalArgumentException("its signed message digest is not the " + digest + " of its TSTInfo");
            }
        }

        boolean verifiedBy(X509Certificate certificate) {
            try {
                Signature check = Signature.getInstance(algorithm);
                check.initVerify(certificate.getPublicKey());
                check.update(attributes);
                return check.verify(signature);
            } catch (GeneralSecurityException | RuntimeException e) {
                return false; // a malformed signature or a key of another kind verifies nothing
            }
        }
    }

    private static Der only(Der explicit) {
        List<Der> inside = explicit.children();
        if (inside.size() != 1) {
            throw new IllegalArgumentException("an explicitly tagged DER element holds " + inside.size() + " elements, not one");
        }
        return inside.getFirst();
    }

    private static String digestName(String oid) {
        String name = DIGESTS.get(oid);
        if (name == null) {
            throw new IllegalArgumentException("it uses the digest algorithm " + oid + ", not SHA-256, SHA-384 or SHA-512");
        }
        return name;
    }

    private static MessageDigest hasher(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(name + " is part of every JDK", e);
        }
    }
}
