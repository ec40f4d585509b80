package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Gates;
import dev.signoff.promotion.ImageRef;

/**
 * A Sigstore bundle made by the real cosign against the public-good Fulcio and Rekor in 2025 (an
 * attestation of go-containerregistry's empty image, from cosign's tests; see
 * {@code src/test/resources/sigstore-bundles/cosign-oci-attestation/README.md}), checked with the
 * Fulcio certificates and Rekor key of the trusted root from the same place: its SET, its
 * checkpoint and inclusion proof against the real log's root, the dsse entry, the chain at the
 * integrated time (the certificate expired ten minutes later), the envelope and the identity.
 */
@DisplayName("A Sigstore bundle made by the real cosign is checked offline")
class SigstoreBundleVectorTest {
    static final String EMAIL = "cody@soyland.com";
    static final String GITHUB = "https://github.com/login/oauth";
    static final String PREDICATE = "https://cosign.sigstore.dev/attestation/v1";
    static final Digest EMPTY_IMAGE = Digest.parse("sha256:732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4");

    @TempDir
    static Path work;

    static LocalRegistry registry;
    static CosignSignatures signatures;
    static AttestationGate attestations;
    static byte[] bundle;
    static String label;
    /** The real trusted root, as a reference. */
    static String trustedRoot;

    @BeforeAll
    static void start() throws Exception {
        Path vector = Path.of(SigstoreBundleVectorTest.class.getResource("/sigstore-bundles/cosign-oci-attestation").toURI());
        bundle = Files.readAllBytes(vector.resolve("oci-attestation.sigstore.json"));
        trustedRoot = "file:" + vector.resolve("trusted_root_pgi.json");
        JsonNode root = JsonMapper.shared().readTree(vector.resolve("trusted_root_pgi.json").toFile());
        StringBuilder fulcio = new StringBuilder();
        for (JsonNode authority : root.path("certificateAuthorities")) {
            for (JsonNode certificate : authority.path("certChain").path("certificates")) {
                fulcio.append(pem("CERTIFICATE", certificate.path("rawBytes").asString()));
            }
        }
        Files.writeString(work.resolve("fulcio.pem"), fulcio);
        Files.writeString(work.resolve("rekor.pub"), pem("PUBLIC KEY", root.path("tlogs").path(0).path("publicKey").path("rawBytes").asString()));
        registry = LocalRegistry.start("vector", null, null, true);
        RegistryClient client = new RegistryClient(RegistryFixtures.pipelines(RegistryFixtures.named("vector", registry, null)),
                RegistryFixtures.fast(Map.of("DOCKER_CONFIG", "/nonexistent"), RegistrySettings.ExchangeObserver.NONE));
        signatures = new CosignSignatures(client);
        attestations = new AttestationGate(client);
        Cosign.Artifact empty = emptyImage();
        Cosign.push(registry, "repo", "empty", empty);
        Cosign.Artifact referrer = Cosign.bundleReferrer(empty.digest(), empty.mediaType(), empty.manifest().length, bundle, SigstoreBundles.V03);
        Cosign.push(registry, "repo", referrer.digest().toString(), referrer);
        Cosign.push(registry, "repo", Cosign.tag(empty.digest(), ""), Cosign.referrersIndex(List.of(referrer)));
        label = "Bundle " + Digest.sha256Of(bundle).shortForm() + " (referrer " + referrer.digest().shortForm() + ")";
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    /** go-containerregistry's empty.Image, byte for byte as it serialises it: the subject of the bundle's statement. */
    static Cosign.Artifact emptyImage() {
        byte[] config = "{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\",\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":null},\"config\":{}}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length + ",\"digest\":\"" + Digest.sha256Of(config)
                + "\"},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
        return new Cosign.Artifact(manifest, Digest.sha256Of(manifest), "application/vnd.docker.distribution.manifest.v2+json",
                new java.util.LinkedHashMap<>(Map.of(Digest.sha256Of(config), config)), null);
    }

    static String pem(String type, String base64) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8)).encodeToString(Base64.getDecoder().decode(base64))
                + "\n-----END " + type + "-----\n";
    }

    static Gates.Keyless trust(Gates.Identity identity) {
        return new Gates.Keyless(List.of(identity), "file:" + work.resolve("fulcio.pem"), "file:" + work.resolve("rekor.pub"));
    }

    static SigstoreBundles.Verified verify(byte[] bytes, Gates.Identity identity) {
        return SigstoreBundles.verify(bytes, List.of(), KeylessSignatures.Trust.load(trust(identity), Map.of()), EMPTY_IMAGE, () -> {
            throw new AssertionError("a DSSE bundle needs no image manifest");
        });
    }

    @Test
    @DisplayName("its statement about go-containerregistry's empty image, signed keyless by cody@soyland.com via GitHub, verifies")
    void verifies() {
        assertThat(emptyImage().digest()).isEqualTo(EMPTY_IMAGE);
        SigstoreBundles.Verified verified = verify(bundle, new Gates.Identity(GITHUB, EMAIL));

        assertThat(verified.statement().predicateType()).isEqualTo(PREDICATE);
        assertThat(verified.statement().subjects()).containsExactly(EMPTY_IMAGE);
        assertThat(verified.signer().describe()).isEqualTo("keyless: " + EMAIL + " via " + GITHUB);
    }

    @Test
    @DisplayName("its inclusion proof alone verifies too: the real checkpoint's signature and the audit path to its root")
    void inclusionProofAlone() {
        ObjectNode withoutPromise = (ObjectNode) JsonMapper.shared().readTree(bundle);
        ((ObjectNode) withoutPromise.path("verificationMaterial").path("tlogEntries").path(0)).remove("inclusionPromise");
        JsonNode entries = withoutPromise.path("verificationMaterial").path("tlogEntries");

        assertThat(TlogEntries.verify(JsonMapper.shared().readTree(bundle).path("verificationMaterial").path("tlogEntries"), rekor(), null).proof())
                .isEqualTo("inclusion promise");
        assertThat(TlogEntries.verify(entries, rekor(), null).proof()).isEqualTo("inclusion proof");
        assertThat(verify(JsonMapper.shared().writeValueAsBytes(withoutPromise), new Gates.Identity(GITHUB, EMAIL)).signer().describe())
                .isEqualTo("keyless: " + EMAIL + " via " + GITHUB);
    }

    @Test
    @DisplayName("identity patterns match its real certificate; another subject is refused")
    void identities() {
        Gates.Identity pattern = new Gates.Identity(null, null, "https://github\\.com/login/.+", ".+@soyland\\.com");

        assertThat(verify(bundle, pattern).signer().describe()).isEqualTo("keyless: " + EMAIL + " via " + GITHUB + ", a match of subjectRegExp"
                + " '.+@soyland\\.com' via a match of issuerRegExp 'https://github\\.com/login/.+'");
        assertThatThrownBy(() -> verify(bundle, new Gates.Identity(GITHUB, "release@example.com")))
                .hasMessage("the certificate is for " + EMAIL + ", not release@example.com");
        assertThatThrownBy(() -> verify(bundle, new Gates.Identity(null, EMAIL, "https://accounts\\.google\\.com", null)))
                .hasMessage("the certificate for " + EMAIL + " was issued on a token from " + GITHUB + ", not a match of issuerRegExp 'https://accounts\\.google\\.com'");
    }

    @Test
    @DisplayName("the attestation gate admits it keyless; the signature gate refuses it as an attestation, not a signature")
    void throughTheGates() {
        Gates.Keyless keyless = trust(new Gates.Identity(GITHUB, EMAIL));
        ImageRef image = ImageRef.parse("vector/repo@" + EMPTY_IMAGE);

        assertThat(attestations.verify(image, new Gates.Attestation(PREDICATE, List.of(), Map.of(), keyless)).text())
                .isEqualTo("attested: attestation/v1 by keyless: " + EMAIL + " via " + GITHUB);
        assertThat(signatures.verify(image, List.of(), keyless).text()).isEqualTo("no signature of " + EMPTY_IMAGE.shortForm()
                + " verifies with the stage's identities. " + label + ": a valid bundle of this image by keyless: " + EMAIL + " via " + GITHUB
                + ", but an attestation of predicate type '" + PREDICATE + "', not a signature (" + Attachments.COSIGN_SIGN_PREDICATE + ").");
    }

    @Test
    @DisplayName("with the real trusted root alone (no PEMs) the attestation gate admits it: the log key by the entry's log id, the authority valid then")
    void throughTheGatesWithTheTrustedRoot() {
        Gates.Keyless keyless = Gates.Keyless.fromTrustedRoot(List.of(new Gates.Identity(GITHUB, EMAIL)), trustedRoot);
        ImageRef image = ImageRef.parse("vector/repo@" + EMPTY_IMAGE);

        assertThat(attestations.verify(image, new Gates.Attestation(PREDICATE, List.of(), Map.of(), keyless)).text())
                .isEqualTo("attested: attestation/v1 by keyless: " + EMAIL + " via " + GITHUB);
        assertThat(attestations.verify(image, new Gates.Attestation(PREDICATE, List.of(), Map.of(),
                Gates.Keyless.fromTrustedRoot(List.of(new Gates.Identity(GITHUB, "release@example.com")), trustedRoot))).text())
                .endsWith(label + ": the certificate is for " + EMAIL + ", not release@example.com.");
    }

    @Test
    @DisplayName("a changed statement is refused: the log entry records the payload that was signed")
    void changedStatement() {
        ObjectNode changed = (ObjectNode) JsonMapper.shared().readTree(bundle);
        ObjectNode envelope = (ObjectNode) changed.path("dsseEnvelope");
        byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asString());
        byte[] other = new String(payload, StandardCharsets.UTF_8).replace("bar", "baz").getBytes(StandardCharsets.UTF_8);
        envelope.put("payload", Base64.getEncoder().encodeToString(other));
        List<String> hashes = new ArrayList<>();
        for (byte[] bytes : List.of(other, payload)) {
            hashes.add(Digest.sha256Of(bytes).hex().substring(0, 12));
        }

        assertThatThrownBy(() -> verify(JsonMapper.shared().writeValueAsBytes(changed), new Gates.Identity(GITHUB, EMAIL)))
                .hasMessage("the transparency log entry records another payload (sha256:" + hashes.get(1) + "), not this one (sha256:" + hashes.get(0) + ")");
    }

    private static SigstoreTrust rekor() {
        return new SigstoreTrust.Pems(List.of(), Keys.publicKey("file:" + work.resolve("rekor.pub"), Map.of()));
    }
}
