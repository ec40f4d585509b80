package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Gates;

/**
 * Two bundles from sigstore-conformance, signed keyless against staging Sigstore with a Rekor v2
 * log and an RFC 3161 timestamp (see
 * {@code src/test/resources/sigstore-bundles/conformance-rekor2-dsse/README.md}), checked with
 * their own trusted roots: the timestamp's CMS signature by the staging TSA, its imprint over the
 * envelope's signature, the checkpoint signed with the Ed25519 key of the Rekor v2 log, the proof,
 * the entry (hashedrekord 0.0.2 over the DSSE encoding, or dsse 0.0.2), the certificate at the
 * genTime and the workflow identity.
 */
@DisplayName("Real Rekor v2 bundles with RFC 3161 timestamps are checked offline")
class RekorV2VectorTest {
    static final String WORKFLOW = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/"
            + "extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    static final String ACTIONS = "https://token.actions.githubusercontent.com";
    /** The subject of both statements: a.txt of the conformance suite. */
    static final Digest SUBJECT = Digest.parse("sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf");

    @Test
    @DisplayName("a hashedrekord 0.0.2 entry over the envelope's encoding, timestamped by the staging TSA, verifies keyless")
    void hashedrekordOverDsse() throws Exception {
        SigstoreBundles.Verified verified = verify(read("hashedrekord-v002.sigstore.json"), "trusted_root.json");

        assertThat(verified.signer().describe()).isEqualTo("keyless: " + WORKFLOW + " via " + ACTIONS);
        assertThat(verified.statement().predicateType()).isEqualTo("https://slsa.dev/provenance/v1");
    }

    @Test
    @DisplayName("a dsse 0.0.2 entry of 2025 verifies keyless with the trusted root of its time")
    void dsseEntry() throws Exception {
        assertThat(verify(read("dsse-v002.sigstore.json"), "trusted_root-2025.json").signer().describe())
                .isEqualTo("keyless: " + WORKFLOW + " via " + ACTIONS);
    }

    @Test
    @DisplayName("without its timestamp the Rekor v2 entry gives no time, and the bundle is refused saying so")
    void withoutTimestamp() throws Exception {
        ObjectNode bundle = (ObjectNode) JsonMapper.shared().readTree(read("hashedrekord-v002.sigstore.json"));
        ((ObjectNode) bundle.path("verificationMaterial")).remove("timestampVerificationData");

        assertThatThrownBy(() -> verify(JsonMapper.shared().writeValueAsBytes(bundle), "trusted_root.json"))
                .hasMessageContaining("log index 4026478: it is a Rekor v2 entry, which carries no signed time, and the bundle has no RFC 3161 timestamp to give one");
    }

    @Test
    @DisplayName("the checkpoint's witness cosignatures alone do not vouch: the log's own signature must verify")
    void logSignatureRequired() throws Exception {
        ObjectNode bundle = (ObjectNode) JsonMapper.shared().readTree(read("hashedrekord-v002.sigstore.json"));
        ObjectNode checkpoint = (ObjectNode) bundle.path("verificationMaterial").path("tlogEntries").path(0).path("inclusionProof").path("checkpoint");
        String envelope = checkpoint.path("envelope").asString();
        checkpoint.put("envelope", envelope.replaceFirst("\u2014 log2025-alpha3\\.rekor\\.sigstage\\.dev [^\n]+\n", ""));

        assertThatThrownBy(() -> verify(JsonMapper.shared().writeValueAsBytes(bundle), "trusted_root.json"))
                .hasMessageContaining("its checkpoint was not signed by this Rekor key");
    }

    @Test
    @DisplayName("a timestamp over another signature is refused: the envelope's signature swapped for the entry's is not what the TSA saw")
    void timestampOverOtherBytes() throws Exception {
        ObjectNode bundle = (ObjectNode) JsonMapper.shared().readTree(read("hashedrekord-v002.sigstore.json"));
        ArrayNode timestamps = (ArrayNode) bundle.path("verificationMaterial").path("timestampVerificationData").path("rfc3161Timestamps");
        ObjectNode old = (ObjectNode) JsonMapper.shared().readTree(read("dsse-v002.sigstore.json"));
        timestamps.set(0, old.path("verificationMaterial").path("timestampVerificationData").path("rfc3161Timestamps").path(0));

        assertThatThrownBy(() -> verify(JsonMapper.shared().writeValueAsBytes(bundle), "trusted_root.json"))
                .hasMessage("RFC 3161 timestamp 1: it is over other bytes, not over the bundle's signature (its messageImprint is not the SHA-256 of the signature)");
    }

    static SigstoreBundles.Verified verify(byte[] bundle, String root) throws Exception {
        TrustedRoot trusted = TrustedRoot.parse(Files.readString(vector().resolve(root)), root);
        return SigstoreBundles.verify(bundle, List.of(), new KeylessSignatures.Trust(keyless(), trusted), SUBJECT, () -> new byte[0]);
    }

    static Gates.Keyless keyless() {
        return Gates.Keyless.fromTrustedRoot(List.of(new Gates.Identity(ACTIONS, WORKFLOW)), "file:trusted_root.json");
    }

    static byte[] read(String name) throws Exception {
        return Files.readString(vector().resolve(name)).getBytes(StandardCharsets.UTF_8);
    }

    static Path vector() throws Exception {
        return Path.of(RekorV2VectorTest.class.getResource("/sigstore-bundles/conformance-rekor2-dsse").toURI());
    }
}
