package dev.signoff.registry;

import java.io.InputStream;
import java.util.Optional;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.spi.StepFailure;

/**
 * One repository's manifests and blobs, wherever they are kept: a registry over the distribution
 * API ({@link HttpStore}) or an OCI image layout directory ({@link LayoutStore}). A copy reads from
 * one store and writes to another, so every kind of promotion works between both kinds. Every
 * failure is a {@link StepFailure} that names the registry and the repository.
 */
interface Store {

    /** A blob opened for reading: its bytes, unverified, and its length when known (else -1). */
    record Opened(InputStream in, long length) {
    }

    /** A lock held while a copy writes; closing it never fails. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** "registry sandbox (localhost:5000), repository shop": how failures name this place. */
    String describe();

    StepFailure failure(String what, boolean retryable, Throwable cause);

    /** The digest a tag or digest names, or empty when there is no such manifest. */
    Optional<Digest> find(String reference);

    /** A manifest by tag or digest, exactly as stored, its digest verified. */
    Manifest manifest(String reference);

    /** Opens a blob for reading; a missing blob fails. The caller closes the stream. */
    Opened openBlob(Descriptor blob);

    boolean hasBlob(Descriptor blob);

    /**
     * Copies the blob from {@code from}, streamed and verified (size and digest) before it counts
     * as written; a retryable failure starts the blob again. Reports to {@code progress}.
     */
    void putBlob(Descriptor blob, Store from, Progress progress);

    /** Writes the manifest's bytes under a digest (a child, before its index) or a tag (last). */
    void putManifest(Manifest manifest, String reference);

    /**
     * The manifests that name {@code subject} as their subject, through the OCI 1.1 referrers API,
     * as the descriptors of the index it answers; empty when this store has no such API (then the
     * referrers tag schema, tag {@code sha256-<hex>}, is where they are listed).
     */
    default Optional<java.util.List<tools.jackson.databind.JsonNode>> referrers(Digest subject) {
        return Optional.empty();
    }

    /**
     * Writes a manifest that has a subject, by its digest; true when the store listed it under its
     * subject itself, false when the referrers tag schema must list it.
     */
    default boolean putReferrer(Manifest manifest) {
        putManifest(manifest, manifest.digest().toString());
        return false;
    }

    /** Removes a tag, or the manifest a pinned reference names, as sunset does. A tag already gone is fine. */
    void delete(String reference);

    /**
     * Held across a whole copy into this store, so that two copies into it run one after the
     * other. Nothing for a registry (it serialises its own writes); a lock for a layout.
     */
    default Held writing() {
        return () -> { };
    }
}
