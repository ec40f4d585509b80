package dev.signoff.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.spi.StepFailure;

/**
 * A repository in memory, with or without the OCI 1.1 referrers API: a referrer written to a store
 * with the API is listed under its subject the way such a registry lists it (its descriptor, with
 * its artifact type and annotations).
 */
final class MemoryStore implements Store {
    final Map<Digest, Manifest> manifests = new ConcurrentHashMap<>();
    final Map<String, Digest> tags = new ConcurrentHashMap<>();
    final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();
    final Map<Digest, List<JsonNode>> referrers = new ConcurrentHashMap<>();
    private final boolean referrersApi;

    MemoryStore(boolean referrersApi) {
        this.referrersApi = referrersApi;
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public StepFailure failure(String what, boolean retryable, Throwable cause) {
        return new StepFailure("memory: " + what, retryable, cause);
    }

    @Override
    public Optional<Digest> find(String reference) {
        return Digest.isDigest(reference) ? Optional.of(Digest.parse(reference)).filter(manifests::containsKey) : Optional.ofNullable(tags.get(reference));
    }

    @Override
    public Manifest manifest(String reference) {
        return find(reference).map(manifests::get).orElseThrow(() -> failure("no manifest " + reference, false, null));
    }

    @Override
    public Opened openBlob(Descriptor blob) {
        byte[] bytes = blobs.get(blob.digest());
        return new Opened(new ByteArrayInputStream(bytes), bytes.length);
    }

    @Override
    public boolean hasBlob(Descriptor blob) {
        return blobs.containsKey(blob.digest());
    }

    @Override
    public void putBlob(Descriptor blob, Store from, Progress progress) {
        try (InputStream in = from.openBlob(blob).in()) {
            blobs.put(blob.digest(), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void putManifest(Manifest manifest, String reference) {
        manifests.put(manifest.digest(), manifest);
        if (!Digest.isDigest(reference)) {
            tags.put(reference, manifest.digest());
        }
    }

    @Override
    public void delete(String reference) {
        tags.remove(reference);
    }

    @Override
    public Optional<List<JsonNode>> referrers(Digest subject) {
        return referrersApi ? Optional.of(referrers.getOrDefault(subject, List.of())) : Optional.empty();
    }

    @Override
    public boolean putReferrer(Manifest manifest) {
        putManifest(manifest, manifest.digest().toString());
        if (!referrersApi) {
            return false;
        }
        JsonNode json = JsonMapper.shared().readTree(manifest.bytes());
        ObjectNode descriptor = JsonMapper.shared().createObjectNode();
        descriptor.put("mediaType", manifest.mediaType());
        descriptor.put("digest", manifest.digest().toString());
        descriptor.put("size", manifest.bytes().length);
        descriptor.put("artifactType", json.path("artifactType").asString());
        descriptor.set("annotations", json.path("annotations"));
        referrers.computeIfAbsent(Digest.parse(json.path("subject").path("digest").asString()), d -> new ArrayList<>()).add(descriptor);
        return true;
    }
}
