package dev.signoff.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import dev.signoff.promotion.Digest;

/**
 * Test images written by hand into skopeo's {@code dir:} layout (manifest.json, one file per blob,
 * {@code <hex>.manifest.json} per platform), so every byte of every manifest is known: unusual
 * whitespace, annotations and a platform variant (arm64/v8) that a re-serializing client would lose.
 * Layers are real tar.gz files of random data; platforms share some layers. Public, with
 * {@link #small} and {@link #push}, for the tests of other modules.
 */
public final class TestImages {
    public enum Kind {
        DOCKER_MANIFEST(MediaTypes.DOCKER_MANIFEST, false),
        DOCKER_LIST(MediaTypes.DOCKER_LIST, true),
        OCI_MANIFEST(MediaTypes.OCI_MANIFEST, false),
        OCI_INDEX(MediaTypes.OCI_INDEX, true);

        final String mediaType;
        final boolean multiPlatform;

        Kind(String mediaType, boolean multiPlatform) {
            this.mediaType = mediaType;
            this.multiPlatform = multiPlatform;
        }

        boolean oci() {
            return this == OCI_MANIFEST || this == OCI_INDEX;
        }
    }

    /** What was built: the top manifest's bytes and digest, every child manifest, every unique blob. */
    public record Image(Kind kind, Path dir, byte[] top, Digest digest, Map<Digest, byte[]> children, Map<Digest, Long> blobs) {
        long blobBytes() {
            return blobs.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private record Blob(Digest digest, long size, Digest diffId) {
    }

    private TestImages() {
    }

    /** A small image: two shared layers and one per platform, tens of kB. */
    public static Image small(Kind kind, Path dir, long seed) {
        return build(kind, dir, seed, new long[] {40_000, 8_000}, 16_000);
    }

    /**
     * Builds an image: the {@code shared} layers are in every platform, then one layer of
     * {@code perPlatform} bytes per platform (amd64, arm64/v8).
     */
    static Image build(Kind kind, Path dir, long seed, long[] shared, long perPlatform) {
        try {
            Files.createDirectories(dir);
            SplittableRandom random = new SplittableRandom(seed);
            Map<Digest, Long> blobs = new LinkedHashMap<>();
            List<Blob> sharedLayers = new ArrayList<>();
            for (long size : shared) {
                sharedLayers.add(layer(dir, size, random, blobs));
            }
            String[][] platforms = kind.multiPlatform ? new String[][] {{"amd64", null}, {"arm64", "v8"}} : new String[][] {{"amd64", null}};
            Map<Digest, byte[]> children = new LinkedHashMap<>();
            StringBuilder entries = new StringBuilder();
            byte[] single = null;
            for (String[] platform : platforms) {
                List<Blob> layers = new ArrayList<>(sharedLayers);
                layers.add(layer(dir, perPlatform, random, blobs));
                Blob config = config(dir, kind, platform, layers, seed, blobs);
                byte[] manifest = manifest(kind, config, layers);
                Digest digest = Digest.sha256Of(manifest);
                if (!kind.multiPlatform) {
                    single = manifest;
                    break;
                }
                children.put(digest, manifest);
                Files.write(dir.resolve(digest.hex() + ".manifest.json"), manifest);
                entries.append(entries.isEmpty() ? "" : ",\n").append("      {\n         \"mediaType\": \"")
                        .append(kind.oci() ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST)
                        .append("\",\n         \"digest\": \"").append(digest).append("\",\n         \"size\": ").append(manifest.length)
                        .append(",\n         \"platform\": {\"architecture\": \"").append(platform[0]).append("\", \"os\": \"linux\"")
                        .append(platform[1] != null ? ", \"variant\": \"" + platform[1] + "\"" : "").append("}")
                        .append(kind.oci() ? ",\n         \"annotations\": {\"dev.signoff.test.platform\": \"" + platform[0] + "\"}" : "")
                        .append("\n      }");
            }
            byte[] top = single != null ? single : ("{\n   \"schemaVersion\": 2,\n   \"mediaType\": \"" + kind.mediaType + "\",\n   \"manifests\": [\n"
                    + entries + "\n   ]" + (kind.oci() ? ",\n   \"annotations\": {\"org.opencontainers.image.source\": \"https://example.test/shop\", \"dev.signoff.test.seed\": \"" + seed + "\"}" : "")
                    + "\n}\n").getBytes(StandardCharsets.UTF_8);
            Files.write(dir.resolve("manifest.json"), top);
            Files.writeString(dir.resolve("version"), "Directory Transport Version: 1.1\n");
            return new Image(kind, dir, top, Digest.sha256Of(top), children, blobs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads back an image that {@link #build} wrote into {@code dir}. */
    static Image load(Kind kind, Path dir) {
        try {
            byte[] top = Files.readAllBytes(dir.resolve("manifest.json"));
            Map<Digest, byte[]> children = new LinkedHashMap<>();
            Map<Digest, Long> blobs = new LinkedHashMap<>();
            try (var files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".manifest.json")) {
                        children.put(Digest.parse("sha256:" + name.substring(0, 64)), Files.readAllBytes(file));
                    } else if (Digest.isDigest("sha256:" + name)) {
                        blobs.put(Digest.parse("sha256:" + name), Files.size(file));
                    }
                }
            }
            return new Image(kind, dir, top, Digest.sha256Of(top), children, blobs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pushes the image with {@code skopeo copy --all --preserve-digests} to {@code registry/repository:tag}. */
    public static void push(Image image, LocalRegistry registry, String repository, String tag) {
        List<String> command = new ArrayList<>(List.of("skopeo", "copy", "--all", "--preserve-digests", "--insecure-policy", "--dest-tls-verify=false"));
        if (registry.user != null) {
            command.add("--dest-creds=" + registry.skopeoCreds());
        }
        command.add("dir:" + image.dir());
        command.add("docker://" + registry.host() + "/" + repository + ":" + tag);
        run(command);
    }

    static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command.subList(0, 2)) + " failed: " + new String(output, StandardCharsets.UTF_8));
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] manifest(Kind kind, Blob config, List<Blob> layers) {
        boolean oci = kind.oci();
        String layerType = oci ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.docker.image.rootfs.diff.tar.gzip";
        StringBuilder json = new StringBuilder("{\n   \"schemaVersion\": 2,\n   \"mediaType\": \"")
                .append(oci ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST).append("\",\n   \"config\": {\n      \"mediaType\": \"")
                .append(oci ? "application/vnd.oci.image.config.v1+json" : "application/vnd.docker.container.image.v1+json")
                .append("\",\n      \"digest\": \"").append(config.digest()).append("\",\n      \"size\": ").append(config.size()).append("\n   },\n   \"layers\": [");
        for (int i = 0; i < layers.size(); i++) {
            json.append(i == 0 ? "\n" : ",\n").append("      {\"mediaType\": \"").append(layerType).append("\", \"digest\": \"")
                    .append(layers.get(i).digest()).append("\", \"size\": ").append(layers.get(i).size()).append("}");
        }
        json.append("\n   ]");
        if (oci) {
            json.append(",\n   \"annotations\": {\"org.opencontainers.image.title\": \"shop\", \"dev.signoff.test\": \"byte-exact\"}");
        }
        return json.append("\n}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Blob config(Path dir, Kind kind, String[] platform, List<Blob> layers, long seed, Map<Digest, Long> blobs) throws IOException {
        StringBuilder diffIds = new StringBuilder();
        for (Blob layer : layers) {
            diffIds.append(diffIds.isEmpty() ? "" : ",").append('"').append(layer.diffId()).append('"');
        }
        String json = "{\"architecture\":\"" + platform[0] + "\"," + (platform[1] != null ? "\"variant\":\"" + platform[1] + "\"," : "")
                + "\"os\":\"linux\",\"created\":\"2026-01-0" + (1 + seed % 9) + "T00:00:00Z\",\"config\":{\"Env\":[\"PATH=/usr/bin\"],\"Labels\":{\"kind\":\""
                + kind + "\",\"seed\":\"" + seed + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256Of(bytes);
        Files.write(dir.resolve(digest.hex()), bytes);
        blobs.put(digest, (long) bytes.length);
        return new Blob(digest, bytes.length, null);
    }

    /** A tar.gz with one file of {@code size} random bytes, written streaming. */
    private static Blob layer(Path dir, long size, SplittableRandom random, Map<Digest, Long> blobs) throws IOException {
        Path temp = Files.createTempFile(dir, "layer", ".tmp");
        MessageDigest compressed = sha256();
        MessageDigest uncompressed = sha256();
        try (OutputStream file = Files.newOutputStream(temp);
             DigestOutputStream zipped = new DigestOutputStream(file, compressed);
             GZIPOutputStream gzip = new GZIPOutputStream(zipped, 1 << 16) {
                 {
                     def.setLevel(Deflater.BEST_SPEED);
                 }
             };
             DigestOutputStream tar = new DigestOutputStream(gzip, uncompressed)) {
            tar.write(SampleImageWriter.tarHeader("data-" + Long.toHexString(random.nextLong()) + ".bin", size, 1767225600L));
            byte[] chunk = new byte[1 << 16];
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                tar.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            tar.write(new byte[(int) ((512 - size % 512) % 512) + 1024]);
        }
        Digest digest = Digest.parse("sha256:" + HexFormat.of().formatHex(compressed.digest()));
        Files.move(temp, dir.resolve(digest.hex()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        long stored = Files.size(dir.resolve(digest.hex()));
        blobs.put(digest, stored);
        return new Blob(digest, stored, Digest.parse("sha256:" + HexFormat.of().formatHex(uncompressed.digest())));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
