package dev.signoff.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.tomakehurst.wiremock.WireMockServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
import dev.signoff.registry.TestImages.Image;
import dev.signoff.registry.TestImages.Kind;

/**
 * Registries with the OCI 1.1 referrers API, played by WireMock as the distribution spec describes
 * it: {@code GET /v2/<name>/referrers/<digest>} answers an image index of the referrers'
 * descriptors (with their {@code artifactType}), and a manifest PUT with a {@code subject} is
 * answered with an {@code OCI-Subject} header. The other side is a real docker-registry, which has
 * no referrers API.
 */
@DisplayName("Referrers through the OCI 1.1 referrers API")
class ReferrersApiTest {
    static final String NOTARY = "application/vnd.cncf.notary.signature";

    static WireMockServer mock;
    static LocalRegistry open;

    @TempDir
    static Path work;

    static byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8);
    static byte[] layer = "not really a tar, and the registry does not mind".getBytes(StandardCharsets.UTF_8);
    static byte[] manifest;
    static Digest digest;
    static Cosign.Artifact referrer;
    RegistryClient client;

    @BeforeAll
    static void start() {
        mock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        mock.start();
        open = LocalRegistry.start("open", null, null, true);
        manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":"
                + config.length + ",\"digest\":\"" + Digest.sha256Of(config) + "\"},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"size\":"
                + layer.length + ",\"digest\":\"" + Digest.sha256Of(layer) + "\"}]}").getBytes(StandardCharsets.UTF_8);
        digest = Digest.sha256Of(manifest);
        referrer = Cosign.referrer(digest, MediaTypes.OCI_MANIFEST, manifest.length, NOTARY, "{\"signature\":\"…\"}");
    }

    @AfterAll
    static void stop() {
        mock.stop();
        open.close();
    }

    @BeforeEach
    void reset() {
        mock.resetAll();
        client = new RegistryClient(RegistryFixtures.pipelines(
                new RegistryConfig("api", "127.0.0.1:" + mock.port(), true, null),
                RegistryFixtures.named("open", open, null)),
                RegistryFixtures.fast(Map.of("DOCKER_CONFIG", "/nonexistent"), RegistrySettings.ExchangeObserver.NONE));
    }

    @Test
    @DisplayName("reads the referrers from the API and, at a registry without it, lists them under the referrers tag schema")
    void fromTheApiToTheTagSchema() {
        serveImageWithReferrersApi();

        String summary = client.copy(ImageRef.parse("api/shop@" + digest), ImageRef.parse("open/shop:v1"), ProgressListener.NONE);

        assertThat(summary).endsWith("; image + 1 signature");
        assertThat(open.manifest("shop", "v1").body()).isEqualTo(manifest);
        assertThat(open.manifest("shop", referrer.digest().toString()).body()).isEqualTo(referrer.manifest());
        JsonNode index = JsonMapper.shared().readTree(open.manifest("shop", Cosign.tag(digest, "")).body());
        assertThat(index.path("mediaType").asString()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(index.path("manifests").values()).singleElement().satisfies(entry -> {
            assertThat(entry.path("digest").asString()).isEqualTo(referrer.digest().toString());
            assertThat(entry.path("artifactType").asString()).isEqualTo(NOTARY);
            assertThat(entry.path("size").asLong()).isEqualTo(referrer.manifest().length);
        });
    }

    @Test
    @DisplayName("at a registry that answers OCI-Subject, writes the referrer and no referrers tag")
    void toTheApi() {
        Image image = TestImages.small(Kind.OCI_MANIFEST, work.resolve("to-api"), 3);
        TestImages.push(image, open, "signed", "v1");
        Cosign.Artifact signature = Cosign.referrer(image.digest(), MediaTypes.OCI_MANIFEST, image.top().length, NOTARY, "{\"signed\":1}");
        Cosign.push(open, "signed", signature.digest().toString(), signature);
        Cosign.push(open, "signed", Cosign.tag(image.digest(), ""), Cosign.referrersIndex(List.of(signature)));
        mock.stubFor(head(urlPathMatching("/v2/shop/blobs/.*")).willReturn(aResponse().withStatus(200)));
        acceptManifest(image.digest().toString(), image.digest(), null);
        acceptManifest("v1", image.digest(), null);
        acceptManifest(signature.digest().toString(), signature.digest(), image.digest());

        String summary = client.copy(ImageRef.parse("open/signed@" + image.digest()), ImageRef.parse("api/shop:v1"), ProgressListener.NONE);

        assertThat(summary).endsWith("; image + 1 signature");
        mock.verify(putRequestedFor(urlEqualTo("/v2/shop/manifests/" + signature.digest())));
        mock.verify(0, putRequestedFor(urlEqualTo("/v2/shop/manifests/" + Cosign.tag(image.digest(), ""))));
        mock.verify(putRequestedFor(urlEqualTo("/v2/shop/manifests/v1")));
    }

    @Test
    @DisplayName("a Sigstore bundle listed by the referrers API counts as a signature, and a copy carries it byte for byte")
    void sigstoreBundle() {
        java.security.KeyPair key = Cosign.keyPair("EC");
        byte[] bundle = Bundles.withKey(Bundles.envelope(Bundles.signStatement(digest), key.getPrivate()), key.getPublic());
        Cosign.Artifact signature = Bundles.referrer(digest, MediaTypes.OCI_MANIFEST, manifest.length, bundle);
        serveImageWithReferrersApi(signature);
        CosignSignatures signatures = new CosignSignatures(new RegistryClient(RegistryFixtures.pipelines(
                new RegistryConfig("api", "127.0.0.1:" + mock.port(), true, null)),
                RegistryFixtures.fast(Map.of("DOCKER_CONFIG", "/nonexistent", "COSIGN_KEY", Cosign.pem(key.getPublic())), RegistrySettings.ExchangeObserver.NONE)));

        assertThat(signatures.verify(ImageRef.parse("api/shop@" + digest), List.of("env:COSIGN_KEY"), null).text())
                .isEqualTo("signed (key " + Keys.fingerprint(key.getPublic()) + ")");

        String summary = client.copy(ImageRef.parse("api/shop@" + digest), ImageRef.parse("open/bundled:v1"), ProgressListener.NONE);

        assertThat(summary).endsWith("; image + 1 signature");
        assertThat(open.manifest("bundled", signature.digest().toString()).body()).isEqualTo(signature.manifest());
        assertThat(open.get("/v2/bundled/blobs/" + Digest.sha256Of(bundle), "*/*").body()).isEqualTo(bundle);
        JsonNode index = JsonMapper.shared().readTree(open.manifest("bundled", Cosign.tag(digest, "")).body());
        assertThat(index.path("manifests").values()).singleElement()
                .satisfies(entry -> assertThat(entry.path("artifactType").asString()).isEqualTo(SigstoreBundles.V03));
    }

    @Test
    @DisplayName("a referrer that cannot be read fails the copy, and the tag is not moved")
    void failedAttachmentFailsTheCopy() {
        serveImageWithReferrersApi();
        mock.stubFor(get(urlEqualTo("/v2/shop/manifests/" + referrer.digest())).atPriority(1).willReturn(aResponse().withStatus(500)));

        assertThatThrownBy(() -> client.copy(ImageRef.parse("api/shop@" + digest), ImageRef.parse("open/failed:v1"), ProgressListener.NONE))
                .isInstanceOf(StepFailure.class).hasMessageContaining("registry api").hasMessageContaining(referrer.digest().shortForm());
        assertThat(open.manifest("failed", "v1").statusCode()).isEqualTo(404);
    }

    private void serveImageWithReferrersApi() {
        serveImageWithReferrersApi(referrer);
    }

    private void serveImageWithReferrersApi(Cosign.Artifact referrer) {
        serve("/v2/shop/manifests/" + digest, manifest, MediaTypes.OCI_MANIFEST, digest);
        serve("/v2/shop/manifests/" + referrer.digest(), referrer.manifest(), MediaTypes.OCI_MANIFEST, referrer.digest());
        serve("/v2/shop/blobs/" + Digest.sha256Of(config), config, "application/octet-stream", null);
        serve("/v2/shop/blobs/" + Digest.sha256Of(layer), layer, "application/octet-stream", null);
        referrer.blobs().forEach((d, bytes) -> serve("/v2/shop/blobs/" + d, bytes, "application/octet-stream", null));
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[" + referrer.descriptor() + "]}")
                .getBytes(StandardCharsets.UTF_8);
        mock.stubFor(get(urlEqualTo("/v2/shop/referrers/" + digest)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", MediaTypes.OCI_INDEX).withBody(index)));
        // every other referrers question (the referrer's own) is answered with an empty index, as the spec says
        mock.stubFor(get(urlPathMatching("/v2/shop/referrers/.*")).atPriority(9).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", MediaTypes.OCI_INDEX).withBody("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}")));
    }

    private void serve(String path, byte[] body, String type, Digest digest) {
        var response = aResponse().withStatus(200).withHeader("Content-Type", type).withBody(body);
        var headResponse = aResponse().withStatus(200).withHeader("Content-Type", type).withHeader("Content-Length", String.valueOf(body.length));
        if (digest != null) {
            response.withHeader("Docker-Content-Digest", digest.toString());
            headResponse.withHeader("Docker-Content-Digest", digest.toString());
        }
        mock.stubFor(get(urlEqualTo(path)).willReturn(response));
        mock.stubFor(head(urlEqualTo(path)).willReturn(headResponse));
    }

    private void acceptManifest(String reference, Digest stored, Digest subject) {
        var response = aResponse().withStatus(201).withHeader("Docker-Content-Digest", stored.toString());
        if (subject != null) {
            response.withHeader("OCI-Subject", subject.toString());
        }
        mock.stubFor(put(urlEqualTo("/v2/shop/manifests/" + reference)).willReturn(response));
    }
}
