package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.registry.TestImages.Image;
import dev.signoff.registry.TestImages.Kind;

/**
 * A signed two-platform image in a real docker-registry (CNCF distribution 2.8, which has no
 * referrers API, so referrers are listed by the referrers tag schema): a cosign signature of the
 * index, a cosign SBOM of the first platform, and a referrer of the index listed under
 * {@code sha256-<hex>}. Every kind of copy takes them along, byte for byte.
 */
@DisplayName("Signatures, attestations and SBOMs travel with the image")
class RegistryAttachmentsTest {
    @RegisterExtension
    static final TwoRegistries registries = new TwoRegistries();

    @TempDir
    static Path work;

    static Image image;
    static Digest child;
    static Cosign.Artifact signature;
    static Cosign.Artifact sbom;
    static Cosign.Artifact referrer;
    static Cosign.Artifact referrersIndex;
    static RegistryClient client;

    @BeforeAll
    static void pushSignedImage() {
        image = TestImages.small(Kind.OCI_INDEX, work.resolve("image"), 7);
        TestImages.push(image, registries.open, "shop", "signed");
        child = image.children().keySet().iterator().next();
        signature = Cosign.signature(List.of(new Cosign.Layer(Cosign.payload(image.digest(), registries.open.host() + "/shop"), "c2lnbmF0dXJl")));
        sbom = Cosign.sbom("{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"shop\"}");
        referrer = Cosign.referrer(image.digest(), MediaTypes.OCI_INDEX, image.top().length, "application/vnd.example.sbom.v1+json", "{\"sbom\":true}");
        referrersIndex = Cosign.referrersIndex(List.of(referrer));
        Cosign.push(registries.open, "shop", Cosign.tag(image.digest(), ".sig"), signature);
        Cosign.push(registries.open, "shop", Cosign.tag(child, ".sbom"), sbom);
        Cosign.push(registries.open, "shop", referrer.digest().toString(), referrer);
        Cosign.push(registries.open, "shop", Cosign.tag(image.digest(), ""), referrersIndex);
        client = new RegistryClient(RegistryFixtures.pipelines(
                RegistryFixtures.named("open", registries.open, null),
                RegistryFixtures.named("secure", registries.secure, "env:SECURE_CREDENTIALS"),
                RegistryFixtures.named("plain", registries.secure, "env:SECURE_CREDENTIALS").withCopyAttachments(false),
                RegistryConfig.layout("local", work.resolve("layouts").toString())),
                RegistryFixtures.fast(Map.of("SECURE_CREDENTIALS", TwoRegistries.USER + ":" + TwoRegistries.PASSWORD), new RegistryFixtures.Recorder()));
    }

    @Test
    @DisplayName("a copy to another registry takes the signature, the SBOM and the referrer along, byte for byte")
    void acrossRegistries() {
        String summary = client.copy(ImageRef.parse("open/shop@" + image.digest()), ImageRef.parse("secure/trusted:signed"), ProgressListener.NONE);

        assertThat(summary).endsWith("; image + 1 signature + 2 SBOMs");
        assertArrived(registries.secure, "trusted");
    }

    @Test
    @DisplayName("a copy to another repository of the same registry takes them along too")
    void acrossRepositories() {
        String summary = client.copy(ImageRef.parse("open/shop@" + image.digest()), ImageRef.parse("open/mirror:signed"), ProgressListener.NONE);

        assertThat(summary).startsWith("mounted ").endsWith("; image + 1 signature + 2 SBOMs");
        assertArrived(registries.open, "mirror");
    }

    @Test
    @DisplayName("through a layout directory and out again, they arrive unchanged")
    void throughALayout() {
        String in = client.copy(ImageRef.parse("open/shop@" + image.digest()), ImageRef.parse("local/shop:signed"), ProgressListener.NONE);
        String out = client.copy(ImageRef.parse("local/shop@" + image.digest()), ImageRef.parse("secure/air-gapped:signed"), ProgressListener.NONE);

        assertThat(in).endsWith("; image + 1 signature + 2 SBOMs");
        assertThat(out).endsWith("; image + 1 signature + 2 SBOMs");
        assertThat(Layouts.tags(work.resolve("layouts/shop"))).contains("signed", Cosign.tag(image.digest(), ".sig"),
                Cosign.tag(child, ".sbom"), Cosign.tag(image.digest(), ""));
        Layouts.assertValid(work.resolve("layouts/shop"));
        assertArrived(registries.secure, "air-gapped");
    }

    @Test
    @DisplayName("with copyAttachments: false on the registry, only the image is copied")
    void notWhenTurnedOff() {
        String summary = client.copy(ImageRef.parse("open/shop@" + image.digest()), ImageRef.parse("plain/bare:signed"), ProgressListener.NONE);

        assertThat(summary).doesNotContain("signature");
        assertThat(registries.secure.manifest("bare", "signed").statusCode()).isEqualTo(200);
        assertThat(registries.secure.manifest("bare", Cosign.tag(image.digest(), ".sig")).statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("an image with nothing attached is copied as before, and the summary says nothing more")
    void nothingAttached() {
        Image plain = TestImages.small(Kind.OCI_MANIFEST, work.resolve("plain"), 8);
        TestImages.push(plain, registries.open, "unsigned", "v1");

        String summary = client.copy(ImageRef.parse("open/unsigned@" + plain.digest()), ImageRef.parse("secure/unsigned:v1"), ProgressListener.NONE);

        assertThat(summary).isEqualTo("copied " + plain.blobs().size() + " of " + plain.blobs().size() + " blobs (" + Progress.size(plain.blobBytes()) + ")");
    }

    private static void assertArrived(LocalRegistry registry, String repository) {
        assertThat(registry.manifest(repository, "signed").body()).isEqualTo(image.top());
        assertThat(registry.manifest(repository, Cosign.tag(image.digest(), ".sig")).body()).isEqualTo(signature.manifest());
        assertThat(registry.manifest(repository, Cosign.tag(child, ".sbom")).body()).isEqualTo(sbom.manifest());
        assertThat(registry.manifest(repository, referrer.digest().toString()).body()).isEqualTo(referrer.manifest());
        assertThat(registry.manifest(repository, Cosign.tag(image.digest(), "")).body()).isEqualTo(referrersIndex.manifest());
        for (Cosign.Artifact artifact : List.of(signature, sbom, referrer)) {
            artifact.blobs().forEach((digest, bytes) -> {
                HttpResponse<byte[]> blob = registry.get("/v2/" + repository + "/blobs/" + digest, "*/*");
                assertThat(blob.statusCode()).as("blob %s", digest).isEqualTo(200);
                assertThat(blob.body()).isEqualTo(bytes);
            });
        }
    }
}
