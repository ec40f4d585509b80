package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.signoff.promotion.Gates;

/**
 * The real cosign bundle of {@link SigstoreBundleVectorTest} checked with the real public-good
 * trusted root it came with ({@code trusted_root_pgi.json}), and with copies of that root changed
 * one way each: the refusal says which log id is not trusted, or which key or authority was not
 * valid at the entry's integrated time (2025-02-28T19:18:11Z).
 */
@DisplayName("A real Sigstore bundle is checked with the real trusted root")
class TrustedRootVectorTest {
    static final String LOGGED = "2025-02-28T19:18:11Z";

    @TempDir
    static Path work;

    static byte[] bundle;
    static JsonNode root;

    @BeforeAll
    static void read() throws Exception {
        Path vector = Path.of(TrustedRootVectorTest.class.getResource("/sigstore-bundles/cosign-oci-attestation").toURI());
        bundle = Files.readAllBytes(vector.resolve("oci-attestation.sigstore.json"));
        root = JsonMapper.shared().readTree(vector.resolve("trusted_root_pgi.json").toFile());
    }

    /** The real root with {@code change} applied, written to a file: its reference. */
    static String changed(String name, java.util.function.Consumer<ObjectNode> change) throws Exception {
        ObjectNode copy = (ObjectNode) root.deepCopy();
        change.accept(copy);
        Path file = work.resolve(name);
        Files.writeString(file, JsonMapper.shared().writeValueAsString(copy));
        return "file:" + file;
    }

    static SigstoreBundles.Verified verify(String reference) {
        Gates.Keyless keyless = Gates.Keyless.fromTrustedRoot(List.of(new Gates.Identity(SigstoreBundleVectorTest.GITHUB, SigstoreBundleVectorTest.EMAIL)),
                reference);
        return SigstoreBundles.verify(bundle, List.of(), KeylessSignatures.Trust.load(keyless, Map.of()), SigstoreBundleVectorTest.EMPTY_IMAGE, () -> {
            throw new AssertionError("a DSSE bundle needs no image manifest");
        });
    }

    @Test
    @DisplayName("the real root's log id is the sha256 of its Rekor key's DER, and the bundle's entry names it")
    void logIdIsTheKeyDigest() {
        JsonNode log = root.path("tlogs").path(0);
        byte[] der = Base64.getDecoder().decode(log.path("publicKey").path("rawBytes").asString());
        String keyId = Base64.getEncoder().encodeToString(Manifest.newHasher("sha256").digest(der));

        assertThat(log.path("logId").path("keyId").asString()).isEqualTo(keyId);
        assertThat(JsonMapper.shared().readTree(bundle).path("verificationMaterial").path("tlogEntries").path(0).path("logId").path("keyId").asString())
                .isEqualTo(keyId);
    }

    @Test
    @DisplayName("verifies with the real root as it is, and with its logId left out (computed from the key)")
    void verifies() throws Exception {
        String withoutLogId = changed("no-log-id.json", copy -> ((ObjectNode) copy.path("tlogs").path(0)).remove("logId"));

        assertThat(verify(changed("as-is.json", copy -> { })).signer().describe())
                .isEqualTo("keyless: " + SigstoreBundleVectorTest.EMAIL + " via " + SigstoreBundleVectorTest.GITHUB);
        assertThat(verify(withoutLogId).statement().predicateType()).isEqualTo(SigstoreBundleVectorTest.PREDICATE);
    }

    @Test
    @DisplayName("a root without the entry's log: the refusal names the log id that is not trusted")
    void untrustedLog() throws Exception {
        String otherKey = Base64.getEncoder().encodeToString(Cosign.keyPair("EC").getPublic().getEncoded());
        String reference = changed("other-log.json", copy -> {
            ObjectNode log = (ObjectNode) copy.path("tlogs").path(0);
            ((ObjectNode) log.path("publicKey")).put("rawBytes", otherKey);
            log.remove("logId");
        });
        String logId = HexFormat.of().formatHex(Base64.getDecoder().decode(root.path("tlogs").path(0).path("logId").path("keyId").asString()));

        assertThatThrownBy(() -> verify(reference)).hasMessage("no transparency log entry of the bundle is vouched for by a transparency log of the trusted root "
                + reference + ": log index 175508996: log " + logId + " is not one of the transparency logs of the trusted root " + reference);
    }

    @Test
    @DisplayName("an entry logged before the Rekor key's validFor starts is refused with its own sentence")
    void keyNotYetValid() throws Exception {
        String reference = changed("key-later.json", copy -> ((ObjectNode) copy.path("tlogs").path(0).path("publicKey").path("validFor"))
                .put("start", "2025-03-01T00:00:00Z"));

        assertThatThrownBy(() -> verify(reference)).hasMessageEndingWith("log index 175508996: the trusted root " + reference
                + " trusts the key of log c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d (https://rekor.sigstore.dev) from"
                + " 2025-03-01T00:00:00Z on, not at " + LOGGED + " when the entry was logged");
    }

    @Test
    @DisplayName("a certificate logged after its authority's validFor ends is refused with its own sentence")
    void authorityEnded() throws Exception {
        String reference = changed("ca-ended.json", copy -> ((ObjectNode) copy.path("certificateAuthorities").path(1).path("validFor"))
                .put("end", "2025-01-01T00:00:00Z"));

        assertThatThrownBy(() -> verify(reference)).hasMessage("the certificate for " + SigstoreBundleVectorTest.EMAIL
                + " chains to the certificate authority https://fulcio.sigstore.dev of the trusted root " + reference
                + ", which it trusts from 2022-04-13T20:06:15Z until 2025-01-01T00:00:00Z, not at " + LOGGED + " when the signature was logged");
    }
}
