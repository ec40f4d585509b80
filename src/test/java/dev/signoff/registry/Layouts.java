package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.signoff.promotion.Digest;
import dev.signoff.registry.TestImages.Image;

/**
 * OCI image layouts for tests, without Signoff's code: writing a {@link TestImages} image into
 * {@code <dir>/<repository>} (blobs, manifests and an index.json entry with the tag), and checking
 * a layout the way other tools see it, through {@code skopeo}.
 */
final class Layouts {
    private Layouts() {
    }

    /** Writes the image into the layout {@code <dir>/<repository>} under {@code tag}, by hand. */
    static void write(Image image, Path dir, String repository, String tag) {
        try {
            Path root = dir.resolve(repository);
            Path blobs = Files.createDirectories(root.resolve("blobs/sha256"));
            Files.writeString(root.resolve("oci-layout"), "{\"imageLayoutVersion\": \"1.0.0\"}");
            for (Digest blob : image.blobs().keySet()) {
                Files.copy(image.dir().resolve(blob.hex()), blobs.resolve(blob.hex()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            for (var child : image.children().entrySet()) {
                Files.write(blobs.resolve(child.getKey().hex()), child.getValue());
            }
            Files.write(blobs.resolve(image.digest().hex()), image.top());
            String entry = "{\"mediaType\":\"" + image.kind().mediaType + "\",\"digest\":\"" + image.digest() + "\",\"size\":" + image.top().length
                    + ",\"annotations\":{\"" + LayoutIndex.REF_NAME + "\":\"" + tag + "\"}}";
            List<String> entries = new ArrayList<>();
            if (Files.exists(root.resolve("index.json"))) {
                entries(root).forEach(e -> entries.add(e.toString()));
            }
            entries.add(entry);
            Files.writeString(root.resolve("index.json"), "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                    + String.join(",", entries) + "]}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The top manifest's bytes as {@code skopeo inspect --raw oci:<dir>/<repository>:<tag>} reads them. */
    static byte[] rawManifest(Path dir, String repository, String tag) {
        return TestImages.run(List.of("skopeo", "inspect", "--raw", "oci:" + dir.resolve(repository) + ":" + tag))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The manifest under {@code reference} (tag or digest), read by hand from the layout. */
    static byte[] manifest(Path dir, String repository, String tag) {
        JsonNode entry = entries(dir.resolve(repository)).stream()
                .filter(e -> tag.equals(e.path("annotations").path(LayoutIndex.REF_NAME).asString(null))).findFirst()
                .orElseThrow(() -> new AssertionError("no tag " + tag + " in " + dir.resolve(repository)));
        return blob(dir.resolve(repository), Digest.parse(entry.path("digest").asString()));
    }

    static byte[] blob(Path root, Digest digest) {
        try {
            return Files.readAllBytes(root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries of the layout's index.json. */
    static List<JsonNode> entries(Path root) {
        try {
            List<JsonNode> entries = new ArrayList<>();
            JsonMapper.shared().readTree(Files.readAllBytes(root.resolve("index.json"))).path("manifests").values().forEach(entries::add);
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tags index.json names. */
    static List<String> tags(Path root) {
        return entries(root).stream().map(e -> e.path("annotations").path(LayoutIndex.REF_NAME).asString(null)).toList();
    }

    /**
     * The layout is valid as another tool sees it: every tag index.json names is readable by
     * {@code skopeo inspect} (manifest and config), and every manifest and blob below every entry
     * is in blobs/ with the content its digest says.
     */
    static void assertValid(Path root) {
        assertThat(root.resolve("oci-layout")).isRegularFile();
        for (JsonNode entry : entries(root)) {
            assertComplete(root, Digest.parse(entry.path("digest").asString()));
            String tag = entry.path("annotations").path(LayoutIndex.REF_NAME).asString(null);
            if (tag != null && tag.startsWith("sha256-")) {
                // what is attached (signatures, referrers) is not an image: skopeo only reads its manifest
                TestImages.run(List.of("skopeo", "inspect", "--raw", "oci:" + root + ":" + tag));
            } else if (tag != null) {
                TestImages.run(List.of("skopeo", "inspect", "oci:" + root + ":" + tag));
            }
        }
    }

    private static void assertComplete(Path root, Digest digest) {
        byte[] bytes = blob(root, digest);
        assertThat(Digest.sha256Of(bytes)).as("content of %s", digest).isEqualTo(digest);
        JsonNode manifest = JsonMapper.shared().readTree(bytes);
        for (JsonNode child : manifest.path("manifests").values()) {
            assertComplete(root, Digest.parse(child.path("digest").asString()));
        }
        List<JsonNode> blobs = new ArrayList<>();
        if (manifest.path("config").isObject()) {
            blobs.add(manifest.path("config"));
        }
        manifest.path("layers").values().forEach(blobs::add);
        for (JsonNode blob : blobs) {
            Digest d = Digest.parse(blob.path("digest").asString());
            assertThat(Digest.sha256Of(blob(root, d))).as("content of blob %s", d).isEqualTo(d);
        }
    }
}
