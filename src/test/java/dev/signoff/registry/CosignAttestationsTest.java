package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
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

import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.spi.Attestations;
import dev.signoff.promotion.spi.Attestations.Approval;
import dev.signoff.promotion.spi.Attestations.Approver;
import dev.signoff.registry.TestImages.Image;
import dev.signoff.registry.TestImages.Kind;

/**
 * Signoff's approval attestation in a real docker-registry, read back without Signoff's client
 * and checked the way {@code cosign verify-attestation --key} checks it: the DSSE signature over
 * the pre-authentication encoding, with the public key.
 */
@DisplayName("The approval attestation")
class CosignAttestationsTest {
    @TempDir
    static Path work;

    static LocalRegistry registry;
    static RegistryClient client;
    static CosignAttestations attestations;
    static final KeyPair key = Cosign.keyPair("EC");
    static final Instant asked = Instant.parse("2026-12-04T09:00:00Z");

    @BeforeAll
    static void start() throws Exception {
        registry = LocalRegistry.start("attested", null, null, true);
        Files.writeString(work.resolve("signoff.key"), Cosign.pem(key.getPrivate()));
        var pipelines = RegistryFixtures.pipelines(RegistryFixtures.named("trusted", registry, null));
        client = new RegistryClient(pipelines, RegistryFixtures.fast(Map.of("DOCKER_CONFIG", "/nonexistent"), RegistrySettings.ExchangeObserver.NONE));
        attestations = new CosignAttestations(client, pipelines, "file:" + work.resolve("signoff.key"));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    static Approval approval(Image image, String promotion) {
        return new Approval(ImageRef.parse("trusted/shop:prod").withDigest(image.digest()), "shop", "prod", promotion, "alice", asked,
                List.of(new Approver("bob", asked.plusSeconds(60)), new Approver("erin", asked.plusSeconds(120))),
                2, List.of("group:release"), false, List.of("ci: passed", "signature: signed (key sha256:0123456789abcdef)"));
    }

    @Test
    @DisplayName("is a DSSE-signed in-toto statement in the .att manifest, verifiable with the public key, naming the approvers")
    void verifiesWithThePublicKey() throws Exception {
        Image image = TestImages.small(Kind.OCI_INDEX, work.resolve("one"), 41);
        TestImages.push(image, registry, "shop", "prod");

        String line = attestations.attest(approval(image, "p-1"));

        String tag = Cosign.tag(image.digest(), ".att");
        assertThat(line).isEqualTo("attested: approved by bob, erin (" + tag + ")");
        JsonNode manifest = JsonMapper.shared().readTree(registry.manifest("shop", tag).body());
        JsonNode layer = manifest.path("layers").get(0);
        assertThat(layer.path("mediaType").asString()).isEqualTo("application/vnd.dsse.envelope.v1+json");
        assertThat(layer.path("annotations").path("dev.cosignproject.cosign/signature").asString()).isEmpty();
        assertThat(layer.path("annotations").path("predicateType").asString()).isEqualTo(Attestations.APPROVAL_PREDICATE);

        JsonNode envelope = JsonMapper.shared().readTree(registry.get("/v2/shop/blobs/" + layer.path("digest").asString(), "*/*").body());
        assertThat(envelope.path("payloadType").asString()).isEqualTo("application/vnd.in-toto+json");
        byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asString());
        Signature check = Signature.getInstance("SHA256withECDSA");
        check.initVerify(key.getPublic());
        check.update(("DSSEv1 28 application/vnd.in-toto+json " + payload.length + " ").getBytes(StandardCharsets.UTF_8));
        check.update(payload);
        assertThat(check.verify(Base64.getDecoder().decode(envelope.path("signatures").get(0).path("sig").asString()))).isTrue();

        JsonNode statement = JsonMapper.shared().readTree(payload);
        assertThat(statement.path("_type").asString()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(statement.path("predicateType").asString()).isEqualTo(Attestations.APPROVAL_PREDICATE);
        assertThat(statement.path("subject").get(0).path("name").asString()).isEqualTo(registry.host() + "/shop");
        assertThat(statement.path("subject").get(0).path("digest").path("sha256").asString()).isEqualTo(image.digest().hex());
        JsonNode predicate = statement.path("predicate");
        assertThat(predicate.path("stage").asString()).isEqualTo("prod");
        assertThat(predicate.path("promotion").asString()).isEqualTo("p-1");
        assertThat(predicate.path("requester").path("name").asString()).isEqualTo("alice");
        assertThat(predicate.path("approvers").values()).extracting(a -> a.path("name").asString() + " " + a.path("at").asString())
                .containsExactly("bob 2026-12-04T09:01:00Z", "erin 2026-12-04T09:02:00Z");
        assertThat(predicate.path("policy").path("required").asInt()).isEqualTo(2);
        assertThat(predicate.path("gates").values()).extracting(JsonNode::asString).contains("ci: passed");
    }

    @Test
    @DisplayName("run again for the same promotion it adds nothing; another promotion's is added beside the ones there")
    void keepsWhatIsThere() {
        Image image = TestImages.small(Kind.OCI_MANIFEST, work.resolve("two"), 42);
        TestImages.push(image, registry, "shop", "again");
        attestations.attest(approval(image, "p-2"));
        String tag = Cosign.tag(image.digest(), ".att");
        JsonNode first = JsonMapper.shared().readTree(registry.manifest("shop", tag).body()).path("layers").get(0);

        assertThat(attestations.attest(approval(image, "p-2"))).isEqualTo("already attested (" + tag + ")");
        attestations.attest(approval(image, "p-3"));

        JsonNode layers = JsonMapper.shared().readTree(registry.manifest("shop", tag).body()).path("layers");
        assertThat(layers.size()).isEqualTo(2);
        assertThat(layers.get(0)).isEqualTo(first);
        assertThat(layers.get(1).path("annotations").path("dev.signoff/promotion").asString()).isEqualTo("p-3");
    }

    @Test
    @DisplayName("a stage with attest: true and no signoff.attestations.key stops start-up")
    void needsAKey() {
        var shop = dev.signoff.promotion.TestPipelines.shop();
        var app = shop.app("shop").orElseThrow();
        var prod = app.stages().getLast();
        var stages = new java.util.ArrayList<>(app.stages());
        stages.set(stages.size() - 1, new dev.signoff.promotion.Stage(prod.name(), prod.image(), prod.deploy(), prod.approval(), prod.gates(),
                prod.freeze(), null, null, null, true));
        var attesting = new dev.signoff.promotion.PipelineConfig(shop.people(), shop.groups(), shop.registries(), shop.clusters(),
                Map.of("shop", new dev.signoff.promotion.AppConfig("shop", app.channels(), stages, null, null)));
        assertThatThrownBy(() -> new CosignAttestations(client, attesting, ""))
                .isInstanceOf(IllegalStateException.class).hasMessage("apps.shop stage prod has attest: true, but signoff.attestations.key is not set; "
                        + "set it to file:/path/to/key.pem or env:VARIABLE (a PEM private key, PKCS#8)");
    }

    @Test
    @DisplayName("where the registry has the referrers API, the same envelope is also a referrer of the image, once")
    void asAReferrer() {
        MemoryStore store = new MemoryStore(true);
        byte[] imageBytes = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}").getBytes(StandardCharsets.UTF_8);
        Manifest image = new Manifest(imageBytes, MediaTypes.OCI_INDEX, dev.signoff.promotion.Digest.sha256Of(imageBytes));
        store.putManifest(image, "prod");
        Approval approval = new Approval(ImageRef.parse("trusted/shop:prod").withDigest(image.digest()), "shop", "prod", "p-9", "alice", asked,
                List.of(new Approver("bob", asked)), 1, List.of("bob"), true, List.of());
        String tag = Cosign.tag(image.digest(), ".att");

        assertThat(attestations.attest(approval, store, "registry.example.com/shop")).isEqualTo("attested: approved by bob (" + tag + ", and as a referrer)");
        assertThat(attestations.attest(approval, store, "registry.example.com/shop")).isEqualTo("already attested (" + tag + ")");

        JsonNode listed = store.referrers(image.digest()).orElseThrow().getFirst();
        assertThat(store.referrers(image.digest()).orElseThrow()).hasSize(1);
        assertThat(listed.path("artifactType").asString()).isEqualTo("application/vnd.dsse.envelope.v1+json");
        assertThat(listed.path("annotations").path("predicateType").asString()).isEqualTo(Attestations.APPROVAL_PREDICATE);
        JsonNode referrer = JsonMapper.shared().readTree(store.manifest(listed.path("digest").asString()).bytes());
        assertThat(referrer.path("subject").path("digest").asString()).isEqualTo(image.digest().toString());
        assertThat(referrer.path("subject").path("size").asInt()).isEqualTo(imageBytes.length);
        assertThat(referrer.path("config").path("mediaType").asString()).isEqualTo("application/vnd.oci.empty.v1+json");
        JsonNode att = JsonMapper.shared().readTree(store.manifest(tag).bytes());
        assertThat(referrer.path("layers").get(0)).isEqualTo(att.path("layers").get(0));
        assertThat(store.blobs).containsKey(dev.signoff.promotion.Digest.parse(referrer.path("config").path("digest").asString()));
    }

    @Test
    @DisplayName("where it has not, only the .att manifest is written")
    void notAReferrerWithoutTheApi() {
        MemoryStore store = new MemoryStore(false);
        byte[] imageBytes = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        Manifest image = new Manifest(imageBytes, MediaTypes.OCI_MANIFEST, dev.signoff.promotion.Digest.sha256Of(imageBytes));
        store.putManifest(image, "prod");
        Approval approval = new Approval(ImageRef.parse("trusted/shop:prod").withDigest(image.digest()), "shop", "prod", "p-10", "alice", asked,
                List.of(), 0, List.of(), true, List.of());

        assertThat(attestations.attest(approval, store, "registry.example.com/shop"))
                .isEqualTo("attested (no approval needed) (" + Cosign.tag(image.digest(), ".att") + ")");
        assertThat(store.manifests).hasSize(2);
    }
}
