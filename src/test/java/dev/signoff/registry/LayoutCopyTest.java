package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.spi.StepFailure;
import dev.signoff.registry.TestImages.Image;
import dev.signoff.registry.TestImages.Kind;

@DisplayName("Copying images between layout directories and a real registry keeps every byte")
class LayoutCopyTest {
    @RegisterExtension
    static final TwoRegistries registries = new TwoRegistries();

    @TempDir
    static Path work;

    static final Map<Kind, Image> images = new EnumMap<>(Kind.class);
    static RegistryClient client;
    static Path source;
    static Path target;
    static Path skopeo;

    @BeforeAll
    static void writeTestImages() {
        source = work.resolve("source");
        target = work.resolve("target");
        skopeo = work.resolve("skopeo");
        client = new RegistryClient(RegistryFixtures.pipelines(
                RegistryConfig.layout("source", source.toString()),
                RegistryConfig.layout("target", target.toString()),
                RegistryConfig.layout("skopeo", skopeo.toString()),
                RegistryFixtures.named("open", registries.open, null)),
                RegistryFixtures.fast(Map.of(), new RegistryFixtures.Recorder()));
        for (Kind kind : Kind.values()) {
            Image image = TestImages.small(kind, work.resolve("images").resolve(kind.name()), 40 + kind.ordinal());
            images.put(kind, image);
            Layouts.write(image, source, "shop", RegistryCopyTest.tag(kind));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    @DisplayName("goes from a layout into a registry and from there into another layout, every manifest byte-exact, each blob once")
    void layoutToRegistryToLayout(Kind kind) {
        Image image = images.get(kind);
        String tag = RegistryCopyTest.tag(kind);
        int blobs = image.blobs().size();
        assertThat(client.resolve(ImageRef.parse("source/shop:" + tag))).isEqualTo(image.digest());

        String up = client.copy(ImageRef.parse("source/shop@" + image.digest()), ImageRef.parse("open/from-layout:" + tag), detail -> { });
        assertThat(up).isEqualTo("copied " + blobs + " of " + blobs + " blobs (" + Progress.size(image.blobBytes()) + ")");
        RegistryCopyTest.assertSameBytes(registries.open, "from-layout", tag, image);

        String down = client.copy(ImageRef.parse("open/from-layout@" + image.digest()), ImageRef.parse("target/shop:" + tag), detail -> { });
        assertThat(down).isEqualTo("copied " + blobs + " of " + blobs + " blobs (" + Progress.size(image.blobBytes()) + ")");
        assertThat(Layouts.manifest(target, "shop", tag)).isEqualTo(image.top());
        if (kind.oci()) {
            // skopeo's oci: transport looks up OCI-typed entries only; Docker-typed ones are kept byte-exact all the same
            assertThat(Layouts.rawManifest(target, "shop", tag)).as("as skopeo reads it").isEqualTo(image.top());
        }
        image.children().forEach((digest, bytes) -> assertThat(Layouts.blob(target.resolve("shop"), digest)).isEqualTo(bytes));
        image.blobs().keySet().forEach(blob -> assertThat(Digest.sha256Of(Layouts.blob(target.resolve("shop"), blob))).isEqualTo(blob));
        assertThat(client.resolve(ImageRef.parse("target/shop:" + tag))).isEqualTo(image.digest());

        String again = client.copy(ImageRef.parse("open/from-layout@" + image.digest()), ImageRef.parse("target/shop:again-" + tag), detail -> { });
        assertThat(again).isEqualTo("copied 0 of " + blobs + " blobs, all " + blobs + " already there");
        assertThat(Layouts.manifest(target, "shop", "again-" + tag)).isEqualTo(image.top());
    }

    @Test
    @DisplayName("reads a layout skopeo wrote, and writes one skopeo reads")
    void skopeoLayouts() throws Exception {
        Image image = images.get(Kind.OCI_INDEX);
        Files.createDirectories(skopeo);
        TestImages.run(List.of("skopeo", "copy", "--all", "--preserve-digests", "--insecure-policy",
                "dir:" + image.dir(), "oci:" + skopeo.resolve("shop") + ":1.0"));

        assertThat(client.resolve(ImageRef.parse("skopeo/shop:1.0"))).isEqualTo(image.digest());
        String summary = client.copy(ImageRef.parse("skopeo/shop@" + image.digest()), ImageRef.parse("target/from-skopeo:1.0"), detail -> { });

        assertThat(summary).startsWith("copied " + image.blobs().size() + " of ");
        assertThat(Layouts.rawManifest(target, "from-skopeo", "1.0")).isEqualTo(image.top());
        Layouts.assertValid(target.resolve("from-skopeo"));
    }

    @Test
    @DisplayName("retags within one layout without moving a byte")
    void retagsInPlace() {
        Image image = images.get(Kind.OCI_MANIFEST);
        String summary = client.copy(ImageRef.parse("source/shop@" + image.digest()), ImageRef.parse("source/shop:retagged"), detail -> { });

        assertThat(summary).isEqualTo("retagged in place (0 bytes moved)");
        assertThat(Layouts.tags(source.resolve("shop"))).contains("retagged", RegistryCopyTest.tag(Kind.OCI_MANIFEST));
        assertThat(Layouts.rawManifest(source, "shop", "retagged")).isEqualTo(image.top());
    }

    @Test
    @DisplayName("deletes only the tag; deleting it again is no error")
    void deletesTags() {
        Image image = images.get(Kind.OCI_INDEX);
        client.copy(ImageRef.parse("source/shop@" + image.digest()), ImageRef.parse("target/deleting:a"), detail -> { });
        client.copy(ImageRef.parse("source/shop@" + image.digest()), ImageRef.parse("target/deleting:b"), detail -> { });

        client.deleteTag(ImageRef.parse("target/deleting:a"));
        client.deleteTag(ImageRef.parse("target/deleting:a"));

        assertThat(Layouts.tags(target.resolve("deleting"))).containsExactly("b");
        Layouts.assertValid(target.resolve("deleting"));
    }

    @Test
    @DisplayName("names the registry, its directory and the repository when a tag is missing")
    void missingTag() {
        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> client.resolve(ImageRef.parse("source/shop:nope")));
        assertThat(failure).hasMessage("registry source (layout " + source + "), repository shop: no tag 'nope'");
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    @DisplayName("refuses a corrupt blob and leaves no tag behind")
    void corruptBlob() throws Exception {
        Image image = TestImages.small(Kind.OCI_MANIFEST, work.resolve("images/corrupt"), 77);
        Layouts.write(image, work.resolve("corrupt"), "shop", "bad");
        Digest layer = image.blobs().keySet().iterator().next();
        Path file = work.resolve("corrupt/shop/blobs/sha256").resolve(layer.hex());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        RegistryClient corrupt = new RegistryClient(RegistryFixtures.pipelines(RegistryConfig.layout("corrupt", work.resolve("corrupt").toString()),
                RegistryConfig.layout("target", target.toString())), RegistryFixtures.fast(Map.of(), new RegistryFixtures.Recorder()));

        StepFailure failure = catchThrowableOfType(StepFailure.class,
                () -> corrupt.copy(ImageRef.parse("corrupt/shop@" + image.digest()), ImageRef.parse("target/corrupt:bad"), detail -> { }));

        assertThat(failure).hasMessageContaining("blob " + layer + " is corrupt: its content has digest");
        assertThat(Layouts.tags(target.resolve("corrupt"))).isEmpty();
        assertThat(target.resolve("corrupt/blobs/sha256").resolve(layer.hex())).doesNotExist();
    }

    @Test
    @DisplayName("runs two copies into one layout one after the other, and both tags land")
    void serialisesWrites() throws Exception {
        Image first = images.get(Kind.OCI_INDEX);
        Image second = images.get(Kind.OCI_MANIFEST);
        LayoutStore store = new LayoutStore(RegistryConfig.layout("target", target.toString()), "both", RegistrySettings.defaults());
        CompletableFuture<String> one;
        CompletableFuture<String> two;
        try (Store.Held held = store.writing()) {
            one = CompletableFuture.supplyAsync(() -> client.copy(ImageRef.parse("source/shop@" + first.digest()), ImageRef.parse("target/both:one"), d -> { }));
            two = CompletableFuture.supplyAsync(() -> client.copy(ImageRef.parse("source/shop@" + second.digest()), ImageRef.parse("target/both:two"), d -> { }));
            assertThat(catchThrowableOfType(TimeoutException.class, () -> one.get(700, TimeUnit.MILLISECONDS)))
                    .as("a copy waits while another holds the layout").isNotNull();
            assertThat(two).isNotDone();
        }
        assertThat(one.get(30, TimeUnit.SECONDS)).startsWith("copied ");
        assertThat(two.get(30, TimeUnit.SECONDS)).startsWith("copied ");

        assertThat(Layouts.tags(target.resolve("both"))).containsExactlyInAnyOrder("one", "two");
        assertThat(Layouts.rawManifest(target, "both", "one")).isEqualTo(first.top());
        assertThat(Layouts.rawManifest(target, "both", "two")).isEqualTo(second.top());
        Layouts.assertValid(target.resolve("both"));
    }
}
