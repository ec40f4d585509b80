package dev.signoff.registry;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Sigstore trusted root ({@code trusted_root.json}, media type
 * {@code application/vnd.dev.sigstore.trustedroot+json;version=0.1} or {@code …trustedroot.v0.1+json}),
 * as {@code cosign trusted-root create} writes it and TUF distributes the public-good instance's.
 * Its {@code certificateAuthorities} (each a chain of base64 DER certificates, root last) and its
 * {@code tlogs} (each a base64 DER public key with its {@code logId.keyId}) are each trusted only
 * for their {@code validFor}: a log entry counts with the key whose log id is the entry's and that
 * was valid at the entry's integrated time, a certificate when it chains to an authority valid
 * then (through the authority's intermediates, or the signature's own). A tlog without
 * {@code logId.keyId} gets Rekor's: the sha256 of the key's DER; its checkpoints are signed with the
 * key id {@code checkpointKeyId.keyId} where given (Rekor v2), else with its log id, and name its
 * {@code baseUrl} without the scheme as their origin. Its {@code timestampAuthorities} (a chain,
 * the TSA's certificate first, and a {@code validFor}) vouch for RFC 3161 timestamps. A root may
 * list no tlogs when it lists timestamp authorities (GitHub's does), but not neither.
 * {@code ctlogs} are not read: SCTs are not checked.
 */
final class TrustedRoot implements SigstoreTrust {
    private static final String MEDIA_TYPE = "application/vnd.dev.sigstore.trustedroot";

    /** A {@code validFor}: from {@code start} (null: always) until {@code end} (null: no end), both included. */
    record Window(Instant start, Instant end) {
        boolean covers(Instant at) {
            return (start == null || !at.isBefore(start)) && (end == null || !at.isAfter(end));
        }

        @Override
        public String toString() {
            if (end == null) {
                return start == null ? "always" : "from " + start + " on";
            }
            return (start == null ? "" : "from " + start + " ") + "until " + end;
        }
    }

    /** A certificate authority: its URI and chain (root last). */
    record Authority(String uri, List<X509Certificate> chain, Window validFor) {
    }

    /** A transparency log: its base URL, log id, key and the key id of its checkpoint signatures. */
    record Log(String baseUrl, byte[] keyId, Keys.Verifier key, Window validFor, byte[] checkpointKeyId) {
    }

    private final String reference;
    private final List<Authority> authorities;
    private final List<Log> logs;
    private final List<Rfc3161Timestamps.Authority> timestampAuthorities;

    private TrustedRoot(String reference, List<Authority> authorities, List<Log> logs, List<Rfc3161Timestamps.Authority> timestampAuthorities) {
        this.reference = reference;
        this.authorities = List.copyOf(authorities);
        this.logs = List.copyOf(logs);
        this.timestampAuthorities = List.copyOf(timestampAuthorities);
    }

    /** The trusted root in {@code json}, named {@code reference} in sentences; the message says why it is none. */
    static TrustedRoot parse(String json, String reference) {
        JsonNode root;
        try {
            root = JsonMapper.shared().readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("it is not JSON");
        }
        String mediaType = root.path("mediaType").asString("");
        if (!mediaType.startsWith(MEDIA_TYPE)) {
            throw new IllegalArgumentException("it is not a Sigstore trusted root (mediaType '" + mediaType + "', not " + MEDIA_TYPE + "+json;version=0.1)");
        }
        List<Authority> authorities = new ArrayList<>();
        for (JsonNode authority : root.path("certificateAuthorities")) {
            String what = "certificate authority " + (authorities.size() + 1) + " (" + authority.path("uri").asString("no uri") + ")";
            List<X509Certificate> chain = new ArrayList<>();
            for (JsonNode certificate : authority.path("certChain").path("certificates")) {
                chain.add(certificate(certificate.path("rawBytes").asString(""), what + ": its certificate " + (chain.size() + 1)));
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(what + " has no certificate (certChain.certificates)");
            }
            authorities.add(new Authority(authority.path("uri").asString(""), chain, window(authority.path("validFor"), what)));
        }
        if (authorities.isEmpty()) {
            throw new IllegalArgumentException("it has no certificate authority (certificateAuthorities): keyless certificates would chain to nothing");
        }
        List<Log> logs = new ArrayList<>();
        for (JsonNode log : root.path("tlogs")) {
            String baseUrl = log.path("baseUrl").asString("");
            String what = "transparency log " + (logs.size() + 1) + " (" + (baseUrl.isEmpty() ? "no baseUrl" : baseUrl) + ")";
            JsonNode key = log.path("publicKey");
            Keys.Verifier verifier;
            try {
                verifier = Keys.publicKey(baseUrl.isEmpty() ? what : baseUrl, Base64.getDecoder().decode(key.path("rawBytes").asString("")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": its publicKey.rawBytes is not an ECDSA, Ed25519 or RSA public key (base64 DER SubjectPublicKeyInfo)");
            }
            String keyId = log.path("logId").path("keyId").asString("");
            byte[] id;
            try {
                id = keyId.isEmpty() ? Manifest.newHasher("sha256").digest(verifier.key().getEncoded()) : Base64.getDecoder().decode(keyId);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": its logId.keyId is not base64");
            }
            String checkpointKeyId = log.path("checkpointKeyId").path("keyId").asString("");
            byte[] checkpointId;
            try {
                checkpointId = checkpointKeyId.isEmpty() ? id : Base64.getDecoder().decode(checkpointKeyId);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": its checkpointKeyId.keyId is not base64");
            }
            logs.add(new Log(baseUrl, id, verifier, window(key.path("validFor"), what + "'s publicKey"), checkpointId));
        }
        List<Rfc3161Timestamps.Authority> timestamps = new ArrayList<>();
        for (JsonNode authority : root.path("timestampAuthorities")) {
            String what = "timestamp authority " + (timestamps.size() + 1) + " (" + authority.path("uri").asString("no uri") + ")";
            List<X509Certificate> chain = new ArrayList<>();
            for (JsonNode certificate : authority.path("certChain").path("certificates")) {
                chain.add(certificate(certificate.path("rawBytes").asString(""), what + ": its certificate " + (chain.size() + 1)));
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(what + " has no certificate (certChain.certificates)");
            }
            timestamps.add(new Rfc3161Timestamps.Authority(authority.path("uri").asString(""), chain, window(authority.path("validFor"), what)));
        }
        if (logs.isEmpty() && timestamps.isEmpty()) {
            throw new IllegalArgumentException("it has neither a transparency log (tlogs) nor a timestamp authority (timestampAuthorities):"
                    + " nothing would vouch for when a signature was made");
        }
        return new TrustedRoot(reference, authorities, logs, timestamps);
    }

    /** Whether the root lists transparency logs; without any (GitHub's), its timestamp authorities alone vouch for keyless bundles. */
    boolean listsLogs() {
        return !logs.isEmpty();
    }

    /** The root as configured ("file:/etc/signoff/trusted_root.json"), for sentences. */
    String reference() {
        return reference;
    }

    @Override
    public Keys.Verifier logKey(byte[] logId, Instant integratedTime) {
        return log(logId, integratedTime).key();
    }

    @Override
    public Checkpoints checkpoints(byte[] logId, Instant at) {
        Log log = log(logId, at);
        return new Checkpoints(log.key(), log.checkpointKeyId(), log.baseUrl().replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "").replaceFirst("/+$", ""));
    }

    @Override
    public List<Rfc3161Timestamps.Authority> timestampAuthorities() {
        if (timestampAuthorities.isEmpty()) {
            throw new IllegalArgumentException("the bundle's RFC 3161 timestamps cannot be checked: the trusted root " + reference
                    + " has no timestamp authority (timestampAuthorities)");
        }
        return timestampAuthorities;
    }

    private Log log(byte[] logId, Instant integratedTime) {
        List<Log> named = logs.stream().filter(log -> Arrays.equals(log.keyId(), logId)).toList();
        if (named.isEmpty()) {
            throw new IllegalArgumentException("log " + HexFormat.of().formatHex(logId) + " is not one of the transparency logs of the trusted root " + reference);
        }
        for (Log log : named) {
            if (log.validFor().covers(integratedTime)) {
                return log;
            }
        }
        throw new IllegalArgumentException("the trusted root " + reference + " trusts the key of log " + HexFormat.of().formatHex(logId) + " ("
                + named.getFirst().baseUrl() + ") " + String.join(" and ", named.stream().map(log -> log.validFor().toString()).toList())
                + ", not at " + integratedTime + " when the entry was logged");
    }

    @Override
    public String logs() {
        return "a transparency log of the trusted root " + reference;
    }

    @Override
    public String chainProblem(X509Certificate leaf, List<X509Certificate> chain, Instant at) {
        String validity = FulcioCertificates.validityProblem(leaf, at);
        if (validity != null) {
            return validity;
        }
        List<Authority> outside = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Authority authority : authorities) {
            List<X509Certificate> intermediates = new ArrayList<>(chain.stream()
                    .filter(c -> !c.getSubjectX500Principal().equals(c.getIssuerX500Principal())).toList());
            intermediates.addAll(authority.chain().subList(0, authority.chain().size() - 1));
            try {
                FulcioCertificates.validate(leaf, intermediates, Set.of(authority.chain().getLast()), at);
                if (authority.validFor().covers(at)) {
                    return null;
                }
                outside.add(authority);
            } catch (CertPathValidatorException e) {
                // not issued by this authority: try the next
            } catch (GeneralSecurityException e) {
                problems.add(e.getMessage());
            }
        }
        String subject = "the certificate for " + String.join(", ", FulcioCertificates.subjects(leaf));
        if (!outside.isEmpty()) {
            return subject + " chains to the certificate authority " + outside.getFirst().uri() + " of the trusted root " + reference
                    + ", which it trusts " + outside.getFirst().validFor() + ", not at " + at + " when the signature was logged";
        }
        if (!problems.isEmpty()) {
            return "the certificate chain cannot be checked: " + problems.getFirst();
        }
        return subject + " (issuer " + leaf.getIssuerX500Principal().getName() + ") was not issued by a certificate authority of the trusted root "
                + reference + " (" + String.join("; ", authorities.stream().map(a -> a.uri() + ", root "
                + a.chain().getLast().getSubjectX500Principal().getName()).toList()) + ")";
    }

    private static X509Certificate certificate(String base64, String what) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not a base64 DER X.509 certificate");
        }
    }

    private static Window window(JsonNode validFor, String what) {
        return new Window(time(validFor.path("start"), what + "'s validFor.start"), time(validFor.path("end"), what + "'s validFor.end"));
    }

    private static Instant time(JsonNode node, String what) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            return Instant.parse(node.asString(""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + " '" + node.asString("") + "' is not an RFC 3339 time");
        }
    }
}
