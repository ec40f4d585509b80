package dev.signoff.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import org.springframework.stereotype.Component;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.spi.SampleImages;
import dev.signoff.promotion.spi.StepFailure;

/**
 * The sample images: a real OCI image (manifest, config, one gzip layer holding
 * {@code /srv/<app>/VERSION}), a few hundred bytes, the same bytes on every run, and
 * different for each version. Written into a layout like any copy: blobs first, the tag last.
 */
@Component
class SampleImageWriter implements SampleImages {
    private static final String CREATED = "2026-01-01T00:00:00Z";

    private final PipelineConfig config;
    private final RegistrySettings settings = RegistrySettings.defaults();

    SampleImageWriter(PipelineConfig config) {
        this.config = config;
    }

    @Override
    public Optional<Digest> write(ImageRef image, String app) {
        RegistryConfig registry = config.registry(image);
        if (!registry.isLayout()) {
            throw new StepFailure("registry " + registry.describe() + " is a server; sample images are only written into layout directories", false);
        }
        LayoutStore store = new LayoutStore(registry, image.repository(), settings);
        try (Store.Held writing = store.writing()) {
            if (store.find(image.tag()).isPresent()) {
                return Optional.empty();
            }
            byte[] tar = tar("srv/" + app + "/VERSION", (app + " " + image.tag() + ", a sample image written by Signoff\n").getBytes(StandardCharsets.UTF_8));
            byte[] layer = gzip(tar);
            byte[] configJson = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"" + CREATED + "\","
                    + "\"config\":{\"Labels\":{\"org.opencontainers.image.title\":\"" + app + "\",\"org.opencontainers.image.version\":\""
                    + image.tag() + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256Of(tar) + "\"]}}")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + Digest.sha256Of(configJson)
                    + "\",\"size\":" + configJson.length + "},"
                    + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + Digest.sha256Of(layer)
                    + "\",\"size\":" + layer.length + "}],"
                    + "\"annotations\":{\"org.opencontainers.image.title\":\"" + app + "\",\"org.opencontainers.image.version\":\""
                    + image.tag() + "\",\"org.opencontainers.image.description\":\"a sample image written by Signoff (signoff.samples)\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            store.putBytes(configJson);
            store.putBytes(layer);
            Manifest top = new Manifest(manifest, MediaTypes.OCI_MANIFEST, Digest.sha256Of(manifest));
            store.putManifest(top, image.tag());
            return Optional.of(top.digest());
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A ustar archive with one file, dated {@link #CREATED}. */
    private static byte[] tar(String name, byte[] content) {
        byte[] header = tarHeader(name, content.length, java.time.Instant.parse(CREATED).getEpochSecond());
        int padded = (content.length + 511) / 512 * 512;
        byte[] tar = new byte[512 + padded + 1024];
        System.arraycopy(header, 0, tar, 0, 512);
        System.arraycopy(content, 0, tar, 512, content.length);
        return tar;
    }

    /** The 512-byte ustar header of a regular file of {@code size} bytes, mode 644, owned by root. */
    static byte[] tarHeader(String name, long size, long modifiedEpochSecond) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, String.format("%011o", size));
        put(header, 136, String.format("%011o", modifiedEpochSecond));
        header[156] = '0';
        put(header, 257, "ustar");
        put(header, 263, "00");
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        header[155] = ' ';
        return header;
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
