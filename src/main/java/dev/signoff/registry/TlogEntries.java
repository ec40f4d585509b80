package dev.signoff.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transparency log entries of a Sigstore bundle ({@code verificationMaterial.tlogEntries}),
 * Rekor v1 entries checked offline with the configured Rekor key, or with the trusted root's key of
 * the entry's log ({@code logId.keyId}) valid at its integrated time. An entry counts when its
 * {@code inclusionPromise} (the SET: the Rekor key's signature over the canonical JSON of
 * {@code body}, {@code integratedTime}, {@code logID} in hex and {@code logIndex}, as in cosign's
 * older bundle annotation) verifies, or else when its {@code inclusionProof} does: the checkpoint
 * (a signed note: origin, tree size, base64 root hash, a blank line, then {@code — <name>
 * <base64 of a 4-byte key hint and the signature>}) is signed by the Rekor key, names the proof's
 * tree size and root, and the RFC 6962 audit path leads from the hash of the entry's body to that
 * root. With an inclusion proof only, the integrated time is the entry's own (not signed by the
 * log), as sigstore-go takes it. A Rekor v2 entry ({@link RekorV2Entries#isV2}) has no SET and
 * no time of its own: it counts by its inclusion proof alone, whose checkpoint names the log's
 * base URL (without the scheme) as its origin, with the key the log had at the time an RFC 3161
 * timestamp gives; without one it does not count.
 */
final class TlogEntries {
    private static final byte[] LEAF = {0};
    private static final byte[] NODE = {1};
    private static final String SIGNATURE_LINE = "\u2014 ";

    private TlogEntries() {
    }

    /**
     * An entry the Rekor key vouches for: when it was logged (null for a Rekor v2 entry, which does
     * not say), its body (base64, and as JSON) and how it was vouched for.
     */
    record Logged(Instant integratedTime, String encodedBody, JsonNode body, String proof) {
        boolean isV2() {
            return integratedTime == null;
        }
    }

    /**
     * The first entry the key of its log vouches for (the Rekor key, or the trusted root's key of the
     * entry's {@code logId} valid at its integrated time); otherwise an IllegalArgumentException whose
     * message says, for each entry, why not. {@code timestamped} is the time an RFC 3161 timestamp
     * gives (null: none), the only time a Rekor v2 entry can be checked at.
     */
    static Logged verify(JsonNode entries, SigstoreTrust trust, Instant timestamped) {
        if (!entries.isArray() || entries.isEmpty()) {
            throw new IllegalArgumentException("the bundle has no transparency log entry: offline verification needs one");
        }
        List<String> why = new ArrayList<>();
        for (JsonNode entry : entries) {
            try {
                return verifyOne(entry, trust, timestamped);
            } catch (IllegalArgumentException e) {
                why.add("log index " + entry.path("logIndex").asString("?") + ": " + e.getMessage());
            }
        }
        throw new IllegalArgumentException("no transparency log entry of the bundle is vouched for by " + trust.logs() + ": " + String.join("; ", why));
    }

    private static Logged verifyOne(JsonNode entry, SigstoreTrust trust, Instant timestamped) {
        String body = entry.path("canonicalizedBody").asString("");
        long index = number(entry.path("logIndex"));
        byte[] logId = decode(entry.path("logId").path("keyId").asString(""), "its logId.keyId");
        if (body.isEmpty() || index < 0 || logId.length == 0) {
            throw new IllegalArgumentException("the entry lacks canonicalizedBody, logIndex or logId");
        }
        byte[] bodyBytes = decode(body, "its canonicalizedBody");
        JsonNode parsed;
        try {
            parsed = JsonMapper.shared().readTree(bodyBytes);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("its body is not JSON");
        }
        if (RekorV2Entries.isV2(parsed)) {
            if (timestamped == null) {
                throw new IllegalArgumentException("it is a Rekor v2 entry, which carries no signed time, and the bundle has no RFC 3161 timestamp to give one");
            }
            JsonNode proof = entry.path("inclusionProof");
            if (proof.path("checkpoint").path("envelope").asString("").isEmpty()) {
                throw new IllegalArgumentException("it is a Rekor v2 entry without an inclusion proof and checkpoint, the only way such an entry is vouched for");
            }
            checkProof(proof, bodyBytes, trust.checkpoints(logId, timestamped), true);
            return new Logged(null, body, parsed, "inclusion proof");
        }
        long time = number(entry.path("integratedTime"));
        if (time < 0) {
            throw new IllegalArgumentException("the entry lacks integratedTime");
        }
        Instant at = Instant.ofEpochSecond(time);
        Keys.Verifier rekor = trust.logKey(logId, at);
        String set = entry.path("inclusionPromise").path("signedEntryTimestamp").asString("");
        if (!set.isEmpty()) {
            if (!rekor.verifies(RekorBundles.canonical(body, time, HexFormat.of().formatHex(logId), index), decode(set, "its signedEntryTimestamp"))) {
                throw new IllegalArgumentException("its inclusion promise (SET) was not signed by this Rekor key");
            }
            return new Logged(at, body, parsed, "inclusion promise");
        }
        JsonNode proof = entry.path("inclusionProof");
        if (proof.isMissingNode() || proof.path("checkpoint").path("envelope").asString("").isEmpty()) {
            throw new IllegalArgumentException("it has neither an inclusion promise (SET) nor an inclusion proof with a checkpoint");
        }
        checkProof(proof, bodyBytes, trust.checkpoints(logId, at), false);
        return new Logged(at, body, parsed, "inclusion proof");
    }

    /**
     * The checkpoint is signed by the log's key and names the proof's root (and, {@code origin}
     * true, the log's origin), and the audit path leads from the body's leaf hash to it.
     */
    private static void checkProof(JsonNode proof, byte[] body, SigstoreTrust.Checkpoints log, boolean origin) {
        Keys.Verifier rekor = log.key();
        long leafIndex = number(proof.path("logIndex"));
        long treeSize = number(proof.path("treeSize"));
        byte[] root = decode(proof.path("rootHash").asString(""), "its inclusion proof's rootHash");
        String checkpoint = proof.path("checkpoint").path("envelope").asString("");
        int split = checkpoint.indexOf("\n\n");
        if (split < 0) {
            throw new IllegalArgumentException("its checkpoint is not a signed note (no blank line before the signatures)");
        }
        byte[] note = checkpoint.substring(0, split + 1).getBytes(StandardCharsets.UTF_8);
        String[] lines = checkpoint.substring(0, split).split("\n");
        if (lines.length < 3 || !lines[1].equals(Long.toString(treeSize)) || !Arrays.equals(decode(lines[2], "its checkpoint's root hash"), root)) {
            throw new IllegalArgumentException("its checkpoint does not name the inclusion proof's tree size " + treeSize + " and root hash");
        }
        if (origin && !lines[0].equals(log.origin())) {
            throw new IllegalArgumentException("its checkpoint is of the log '" + lines[0] + "', not of " + log.origin() + " whose key it names");
        }
        boolean signed = false;
        byte[] hint = Arrays.copyOf(log.keyId(), 4);
        for (String line : checkpoint.substring(split + 2).split("\n")) {
            int space = line.lastIndexOf(' ');
            if (line.startsWith(SIGNATURE_LINE) && space > SIGNATURE_LINE.length()) {
                byte[] signature = decode(line.substring(space + 1), "its checkpoint's signature");
                signed |= signature.length > 4 && Arrays.equals(Arrays.copyOf(signature, 4), hint)
                        && rekor.verifies(note, Arrays.copyOfRange(signature, 4, signature.length));
            }
        }
        if (!signed) {
            throw new IllegalArgumentException("its checkpoint was not signed by this Rekor key");
        }
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("its inclusion proof's index " + leafIndex + " is not in a tree of " + treeSize);
        }
        List<byte[]> path = new ArrayList<>();
        for (JsonNode hash : proof.path("hashes")) {
            path.add(decode(hash.asString(""), "a hash of its inclusion proof"));
        }
        if (!Arrays.equals(rootFromPath(leafIndex, treeSize, hash(LEAF, body), path), root)) {
            throw new IllegalArgumentException("its inclusion proof does not lead from the entry to the checkpoint's root hash");
        }
    }

    /**
     * Checks that the entry's body records this DSSE envelope: a {@code dsse} entry (0.0.1) or an
     * {@code intoto} one (0.0.2) with the sha256 of {@code payload} and one of {@code signatures}
     * made with {@code certificate}; the message of the exception says what it records instead.
     */
    static void checkRecordsEnvelope(JsonNode body, byte[] payload, List<byte[]> signatures, X509Certificate certificate) {
        String kind = body.path("kind").asString("");
        JsonNode spec = body.path("spec");
        JsonNode hash;
        List<byte[][]> recorded = new ArrayList<>();
        if (kind.equals("dsse")) {
            hash = spec.path("payloadHash");
            for (JsonNode signature : spec.path("signatures")) {
                recorded.add(new byte[][] {decodeOrEmpty(signature.path("signature").asString("")), decodeOrEmpty(signature.path("verifier").asString(""))});
            }
        } else if (kind.equals("intoto")) {
            hash = spec.path("content").path("payloadHash");
            for (JsonNode signature : spec.path("content").path("envelope").path("signatures")) {
                // intoto 0.0.2 base64-encodes the envelope's base64 signature once more
                byte[] sig = decodeOrEmpty(new String(decodeOrEmpty(signature.path("sig").asString("")), StandardCharsets.UTF_8));
                recorded.add(new byte[][] {sig, decodeOrEmpty(signature.path("publicKey").asString(""))});
            }
        } else {
            throw new IllegalArgumentException("the transparency log entry is a '" + kind + "' entry, not a dsse or intoto one for an envelope");
        }
        String sha256 = HexFormat.of().formatHex(Manifest.newHasher("sha256").digest(payload));
        if (!"sha256".equals(hash.path("algorithm").asString("")) || !sha256.equals(hash.path("value").asString(""))) {
            throw new IllegalArgumentException("the transparency log entry records another payload (" + hash.path("algorithm").asString("") + ":"
                    + abbreviate(hash.path("value").asString("")) + "), not this one (sha256:" + abbreviate(sha256) + ")");
        }
        for (byte[][] entry : recorded) {
            if (signatures.stream().anyMatch(s -> Arrays.equals(s, entry[0])) && isCertificate(entry[1], certificate)) {
                return;
            }
        }
        throw new IllegalArgumentException("the transparency log entry records another signature or certificate, not this bundle's");
    }

    private static boolean isCertificate(byte[] pem, X509Certificate certificate) {
        try {
            return FulcioCertificates.parse(new String(pem, StandardCharsets.UTF_8), "the entry's verifier").getFirst().equals(certificate);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String abbreviate(String hex) {
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    private static byte[] decodeOrEmpty(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** RFC 9162 2.1.3.2: the root an audit path leads to from a leaf hash, or null when the path does not fit the tree. */
    private static byte[] rootFromPath(long index, long size, byte[] leaf, List<byte[]> path) {
        long fn = index;
        long sn = size - 1;
        byte[] r = leaf;
        for (byte[] p : path) {
            if (sn == 0) {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = hash(NODE, p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = hash(NODE, r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }

    private static byte[] hash(byte[] prefix, byte[]... parts) {
        MessageDigest sha256 = Manifest.newHasher("sha256");
        sha256.update(prefix);
        for (byte[] part : parts) {
            sha256.update(part);
        }
        return sha256.digest();
    }

    /** An int64 as protobuf's JSON writes it (a string), or a plain number; -1 when it is neither. */
    private static long number(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        try {
            return node.isString() ? Long.parseLong(node.stringValue()) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] decode(String base64, String what) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64");
        }
    }
}
