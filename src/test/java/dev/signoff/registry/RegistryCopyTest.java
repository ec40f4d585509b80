package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.registry.TestImages.Image;
import dev.signoff.registry.TestImages.Kind;

@DisplayName("Copying images between real registries keeps every byte")
class RegistryCopyTest {
    @RegisterExtension
    static final TwoRegistries registries = new TwoRegistries();

    @TempDir
    static Path work;

    static final Map<Kind, Image> images = new EnumMap<>(Kind.class);
    static final RegistryFixtures.Recorder recorder = new RegistryFixtures.Recorder();
    static RegistryClient client;

    @BeforeAll
    static void pushTestImages() throws Exception {
        Path credentialFile = work.resolve("secure.credentials");
        Files.writeString(credentialFile, TwoRegistries.USER + ":" + TwoRegistries.PASSWORD + "\n");
        Path dockerConfig = RegistryFixtures.dockerConfig(work.resolve("docker"), registries.secure.host(), TwoRegistries.USER, TwoRegistries.PASSWORD);
        client = new RegistryClient(RegistryFixtures.pipelines(
                RegistryFixtures.named("open", registries.open, null),
                RegistryFixtures.named("secure", registries.secure, "env:SECURE_CREDENTIALS"),
                RegistryFixtures.named("secure-file", registries.secure, "file:" + credentialFile),
                RegistryFixtures.named("secure-docker", registries.secure, null)),
                RegistryFixtures.fast(Map.of("SECURE_CREDENTIALS", TwoRegistries.USER + ":" + TwoRegistries.PASSWORD,
                        "DOCKER_CONFIG", dockerConfig.toString()), recorder));
        for (Kind kind : Kind.values()) {
            Image image = TestImages.small(kind, work.resolve(kind.name()), kind.ordinal() + 1);
            images.put(kind, image);
            TestImages.push(image, registries.open, "shop", tag(kind));
            TestImages.push(image, registries.secure, "shop", tag(kind));
        }
    }

    @BeforeEach
    void clearRecorder() {
        recorder.clear();
    }

    static String tag(Kind kind) {
        return kind.name().toLowerCase().replace('_', '-');
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    @DisplayName("resolves a tag to the digest of the bytes skopeo pushed")
    void resolvesTags(Kind kind) {
        assertThat(client.resolve(ImageRef.parse("open/shop:" + tag(kind)))).isEqualTo(images.get(kind).digest());
        assertThat(client.resolve(ImageRef.parse("secure/shop:" + tag(kind)))).isEqualTo(images.get(kind).digest());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    @DisplayName("retags in place with one GET and one PUT and no blob moved")
    void retagsInPlace(Kind kind) {
        Image image = images.get(kind);
        String summary = client.copy(ImageRef.parse("open/shop@" + image.digest()), ImageRef.parse("open/shop:retagged-" + tag(kind)), detail -> { });

        assertThat(summary).isEqualTo("retagged in place (0 bytes moved)");
        assertThat(recorder.exchanges).extracting(RegistryFixtures.Exchange::method).containsExactly("GET", "PUT");
        assertSameBytes(registries.open, "shop", "retagged-" + tag(kind), image);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    @DisplayName("mounts every blob into another repository of the same registry and uploads nothing")
    void mountsAcrossRepositories(Kind kind) {
        Image image = images.get(kind);
        int before = registries.secure.accessLog().size();

        String summary = client.copy(ImageRef.parse("secure/shop@" + image.digest()), ImageRef.parse("secure/mounted:" + tag(kind)), detail -> { });

        assertThat(summary).isEqualTo("mounted " + image.blobs().size() + " blobs from shop");
        assertSameBytes(registries.secure, "mounted", tag(kind), image);
        List<String> log = registries.secure.accessLog().subList(before, registries.secure.accessLog().size());
        assertThat(log).noneMatch(line -> line.contains("\"http.request.method\":\"PUT\"") && line.contains("/blobs/uploads/"));
        assertThat(log).noneMatch(line -> line.contains("\"http.request.method\":\"PATCH\""));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    @DisplayName("copies to another registry moving each unique blob once, then finds them all there")
    void copiesAcrossRegistries(Kind kind) {
        Image image = images.get(kind);
        int before = registries.open.accessLog().size();
        List<String> progress = new ArrayList<>();

        String summary = client.copy(ImageRef.parse("open/shop@" + image.digest()), ImageRef.parse("secure/promoted:" + tag(kind)), progress::add);

        assertThat(summary).isEqualTo("copied " + image.blobs().size() + " of " + image.blobs().size() + " blobs (" + Progress.size(image.blobBytes()) + ")");
        assertSameBytes(registries.secure, "promoted", tag(kind), image);
        List<String> log = registries.open.accessLog().subList(before, registries.open.accessLog().size());
        for (Digest blob : image.blobs().keySet()) {
            assertThat(log).filteredOn(line -> line.contains("\"http.request.method\":\"GET\"") && line.contains("/v2/shop/blobs/" + blob)).hasSize(1);
        }
        assertThat(progress).isNotEmpty().last().asString()
                .isEqualTo(Progress.size(image.blobBytes()) + " of " + Progress.size(image.blobBytes()) + " (" + image.blobs().size() + " of " + image.blobs().size() + " blobs)");

        String again = client.copy(ImageRef.parse("open/shop@" + image.digest()), ImageRef.parse("secure/promoted:again-" + tag(kind)), detail -> { });
        assertThat(again).isEqualTo("copied 0 of " + image.blobs().size() + " blobs, all " + image.blobs().size() + " already there");
        assertSameBytes(registries.secure, "promoted", "again-" + tag(kind), image);
    }

    @Test
    @DisplayName("copies out of a registry that needs credentials read from a file")
    void copiesFromAnAuthenticatedRegistry() {
        Image image = images.get(Kind.OCI_INDEX);
        String summary = client.copy(ImageRef.parse("secure-file/shop@" + image.digest()), ImageRef.parse("open/from-secure:v1"), detail -> { });

        assertThat(summary).startsWith("copied ");
        assertSameBytes(registries.open, "from-secure", "v1", image);
    }

    @Test
    @DisplayName("finds credentials in the docker config.json")
    void usesDockerConfig() {
        Image image = images.get(Kind.DOCKER_LIST);
        assertThat(client.resolve(ImageRef.parse("secure-docker/shop:" + tag(Kind.DOCKER_LIST)))).isEqualTo(image.digest());
    }

    @Test
    @DisplayName("resolves a pinned reference to its own digest after checking it exists")
    void resolvesPinnedReferences() {
        Image image = images.get(Kind.OCI_MANIFEST);
        assertThat(client.resolve(ImageRef.parse("open/shop@" + image.digest()))).isEqualTo(image.digest());
    }

    /** The tag serves exactly the bytes that were built, with the same digest and media type, and so does every child. */
    static void assertSameBytes(LocalRegistry registry, String repository, String tag, Image image) {
        HttpResponse<byte[]> top = registry.manifest(repository, tag);
        assertThat(top.statusCode()).isEqualTo(200);
        assertThat(top.body()).isEqualTo(image.top());
        assertThat(top.headers().firstValue("Docker-Content-Digest")).contains(image.digest().toString());
        assertThat(top.headers().firstValue("Content-Type")).contains(image.kind().mediaType);
        image.children().forEach((digest, bytes) -> {
            HttpResponse<byte[]> child = registry.manifest(repository, digest.toString());
            assertThat(child.statusCode()).isEqualTo(200);
            assertThat(child.body()).isEqualTo(bytes);
        });
        for (Digest blob : image.blobs().keySet()) {
            assertThat(registry.get("/v2/" + repository + "/blobs/" + blob, "*/*").statusCode()).as("blob %s", blob).isEqualTo(200);
        }
    }
}
