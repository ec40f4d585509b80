package dev.signoff.registry;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The manifest media types Signoff asks for, and reading (never writing) the descriptors a manifest
 * refers to. Other media types are copied opaquely: whatever descriptors their JSON names are copied
 * too, and the destination registry decides whether it takes them.
 */
final class MediaTypes {
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_ARTIFACT = "application/vnd.oci.artifact.manifest.v1+json";

    /** Every type we understand first; anything else last so that a registry serves what it has rather than 404. */
    static final String ACCEPT = String.join(", ", OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST, OCI_ARTIFACT, "*/*;q=0.1");

    private static final JsonMapper JSON = JsonMapper.shared();

    private MediaTypes() {
    }

    /** The content type without parameters ("; charset=…"), or null. */
    static String bare(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    }

    /** The manifests an index lists (its platforms), in order. Empty for an image manifest. */
    static List<Descriptor> children(Manifest manifest) {
        JsonNode root = parse(manifest);
        return descriptors(root.path("manifests"));
    }

    /** The blobs an image manifest refers to: config, layers (and an artifact's blobs). Empty for an index. */
    static List<Descriptor> blobs(Manifest manifest) {
        JsonNode root = parse(manifest);
        List<Descriptor> blobs = new ArrayList<>();
        if (root.path("config").isObject()) {
            blobs.add(descriptor(root.path("config")));
        }
        blobs.addAll(descriptors(root.path("layers")));
        blobs.addAll(descriptors(root.path("blobs")));
        // docker schema 1: layers by digest only, size unknown
        for (JsonNode layer : root.path("fsLayers").values()) {
            blobs.add(new Descriptor(dev.signoff.promotion.Digest.parse(layer.path("blobSum").asString()), -1, null));
        }
        return blobs;
    }

    /** The media type a manifest declares in its own JSON, or null. */
    static String declaredMediaType(byte[] bytes) {
        try {
            JsonNode type = JSON.readTree(bytes).path("mediaType");
            return type.isString() ? type.stringValue() : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static JsonNode parse(Manifest manifest) {
        try {
            return JSON.readTree(manifest.bytes());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the manifest " + manifest.digest().shortForm() + " (" + manifest.mediaType() + ") is not JSON", e);
        }
    }

    private static List<Descriptor> descriptors(JsonNode array) {
        List<Descriptor> result = new ArrayList<>();
        for (JsonNode node : array.values()) {
            result.add(descriptor(node));
        }
        return result;
    }

    private static Descriptor descriptor(JsonNode node) {
        return new Descriptor(dev.signoff.promotion.Digest.parse(node.path("digest").asString()),
                node.path("size").asLong(-1), node.path("mediaType").isString() ? node.path("mediaType").stringValue() : null);
    }
}
