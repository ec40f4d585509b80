package dev.signoff.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.spi.StepFailure;

/**
 * A repository kept as an OCI image layout directory, {@code <layout>/<repository>/}: the
 * {@code oci-layout} file, {@code index.json} (an image index whose entries carry the tag in the
 * {@code org.opencontainers.image.ref.name} annotation) and {@code blobs/<algorithm>/<hex>}, the
 * manifests among them. This is what {@code skopeo copy … oci:<layout>/<repository>:<tag>} writes
 * and reads.
 * <p>
 * Writes are atomic and ordered so that a crash (even {@code kill -9}) leaves a valid layout:
 * every blob and manifest goes to a temporary file in the layout, is verified against its digest
 * and size, flushed, and then renamed into place; {@code index.json} is replaced the same way, and
 * only once every manifest and blob the new tag names is there. Temporary files a killed process
 * left are removed by the next writer.
 * <p>
 * Copies into one layout run one after the other: {@link #writing()} takes a lock per layout
 * directory in this process and a file lock ({@code .signoff.lock} in the layout) across processes.
 * Blobs may be written by helper threads while the copying thread holds the lock; the index only
 * by the thread that holds it.
 */
final class LayoutStore implements Store {
    private static final Logger log = LoggerFactory.getLogger(LayoutStore.class);
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Map<Path, LayoutLock> LOCKS = new ConcurrentHashMap<>();

    private final RegistryConfig config;
    private final String repository;
    private final Path root;
    private final RegistrySettings settings;

    LayoutStore(RegistryConfig config, String repository, RegistrySettings settings) {
        this.config = config;
        this.repository = repository;
        this.root = Path.of(config.layout()).resolve(repository).toAbsolutePath().normalize();
        this.settings = settings;
    }

    /** The layout directory of this repository. */
    Path root() {
        return root;
    }

    @Override
    public String describe() {
        return "registry " + config.describe() + ", repository " + repository;
    }

    @Override
    public StepFailure failure(String what, boolean retryable, Throwable cause) {
        return new StepFailure(describe() + ": " + what, retryable, cause);
    }

    @Override
    public Optional<Digest> find(String reference) {
        if (Digest.isDigest(reference)) {
            Digest digest = Digest.parse(reference);
            return Files.isRegularFile(blob(digest)) ? Optional.of(digest) : Optional.empty();
        }
        return entry(reference).map(e -> Digest.parse(e.path("digest").asString()));
    }

    @Override
    public Manifest manifest(String reference) {
        String listedType = null;
        Digest digest;
        if (Digest.isDigest(reference)) {
            digest = Digest.parse(reference);
        } else {
            JsonNode entry = entry(reference).orElseThrow(() -> failure(Files.isRegularFile(root.resolve("index.json"))
                    ? "no tag '" + reference + "'" : "the repository does not exist (no " + root.resolve("index.json") + ")", false, null));
            digest = Digest.parse(entry.path("digest").asString());
            listedType = entry.path("mediaType").isString() ? entry.path("mediaType").stringValue() : null;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(blob(digest));
        } catch (NoSuchFileException e) {
            throw failure("no manifest " + digest + (Digest.isDigest(reference) ? "" : " (tag '" + reference + "' names it, but its blob is missing)"), false, e);
        } catch (IOException e) {
            throw failure("reading manifest " + digest.shortForm() + ": " + e, true, e);
        }
        Digest actual = Manifest.digestOf(bytes, digest.algorithm());
        if (!actual.equals(digest)) {
            throw failure("manifest " + digest + " is corrupt: its content has digest " + actual, false, null);
        }
        String declared = MediaTypes.declaredMediaType(bytes);
        String mediaType = declared != null ? declared : listedType != null ? listedType
                : new String(bytes, StandardCharsets.UTF_8).contains("\"manifests\"") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        return new Manifest(bytes, mediaType, digest);
    }

    @Override
    public Opened openBlob(Descriptor blob) {
        Path file = blob(blob.digest());
        try {
            return new Opened(Files.newInputStream(file), Files.size(file));
        } catch (NoSuchFileException e) {
            throw failure("blob " + blob.digest() + " is missing from the source repository", false, e);
        } catch (IOException e) {
            throw failure("reading blob " + blob.digest().shortForm() + ": " + e, true, e);
        }
    }

    @Override
    public boolean hasBlob(Descriptor blob) {
        return Files.isRegularFile(blob(blob.digest()));
    }

    @Override
    public void putBlob(Descriptor blob, Store from, Progress progress) {
        for (int attempt = 1; ; attempt++) {
            long[] counted = {0};
            try {
                writeBlob(blob, from, n -> {
                    counted[0] += n;
                    progress.add(n);
                });
                progress.blobDone();
                return;
            } catch (StepFailure failure) {
                progress.rewind(counted[0]);
                if (!failure.retryable() || attempt >= settings.maxAttempts()) {
                    throw failure;
                }
                try {
                    Thread.sleep(settings.baseDelay().toMillis() << Math.min(attempt - 1, 10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failure("copying blob " + blob.digest().shortForm() + ": interrupted", true, e);
                }
            }
        }
    }

    /** One attempt: the source's stream through a {@link VerifyingStream} into a temporary file, renamed once verified. */
    private void writeBlob(Descriptor blob, Store from, java.util.function.LongConsumer counted) {
        Opened opened = from.openBlob(blob);
        long size = blob.size() >= 0 ? blob.size() : opened.length();
        Path temp = null;
        VerifyingStream in = new VerifyingStream(opened.in(), blob.digest(), size, counted);
        try (InputStream source = in) {
            temp = Files.createTempFile(root, LayoutFiles.TEMP_PREFIX, ".tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                source.transferTo(Channels.newOutputStream(out));
                out.force(true);
            }
            Files.createDirectories(blob(blob.digest()).getParent());
            Files.move(temp, blob(blob.digest()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (IOException e) {
            if (in.problem() != null) {
                throw from.failure(in.problem(), true, e);
            }
            throw failure("copying blob " + blob.digest().shortForm() + ": " + e, true, e);
        } finally {
            LayoutFiles.deleteQuietly(temp);
        }
    }

    /** Writes bytes as a blob under their sha256 (as the sample images are made). Called with the lock held. */
    void putBytes(byte[] bytes) {
        Path file = blob(Digest.sha256Of(bytes));
        try {
            if (!Files.isRegularFile(file)) {
                LayoutFiles.writeAtomically(root, file, bytes);
            }
        } catch (IOException e) {
            throw failure("writing blob " + Digest.sha256Of(bytes).shortForm() + ": " + e, true, e);
        }
    }

    /**
     * Writes the manifest as a blob; under a tag, then points the tag at it in {@code index.json},
     * after checking that every manifest and blob below it is in the layout.
     */
    @Override
    public void putManifest(Manifest manifest, String reference) {
        Digest sent = Manifest.digestOf(manifest.bytes(), manifest.digest().algorithm());
        if (!sent.equals(manifest.digest())) {
            throw failure("manifest " + manifest.digest() + " has digest " + sent + "; not written", false, null);
        }
        try (Held held = writing()) {
            if (!Files.isRegularFile(blob(sent))) {
                LayoutFiles.writeAtomically(root, blob(sent), manifest.bytes());
            }
            if (!Digest.isDigest(reference)) {
                ManifestTree tree = ManifestTree.of(manifest, child -> manifest(child.toString()), problem -> failure(problem, false, null));
                tree.blobs().values().stream().filter(b -> !hasBlob(b)).findFirst().ifPresent(b -> {
                    throw failure("blob " + b.digest() + " is missing; tag '" + reference + "' was not written", false, null);
                });
                updateIndex(index -> LayoutIndex.tag(index, reference, manifest));
            }
        } catch (IOException e) {
            throw failure("writing manifest " + sent.shortForm() + ": " + e, true, e);
        }
    }

    /**
     * Removes the tag from {@code index.json} (or, for a digest, every tag on that manifest). The
     * blobs stay: a layout has no garbage collection, and other tags may share them.
     */
    @Override
    public void delete(String reference) {
        if (!Files.isRegularFile(root.resolve("index.json"))) {
            log.info("{}: {} is already gone (no index.json)", describe(), reference);
            return;
        }
        try (Held held = writing()) {
            boolean removed = updateIndex(index -> Digest.isDigest(reference) ? LayoutIndex.removeDigest(index, reference) : LayoutIndex.removeTag(index, reference));
            if (!removed) {
                log.info("{}: tag {} is already gone", describe(), reference);
            }
        } catch (IOException e) {
            throw failure("deleting " + reference + ": " + e, true, e);
        }
    }

    /** Creates the layout when it is new and removes the temporary files of a killed writer; then holds the lock. */
    @Override
    public Held writing() {
        LayoutLock lock = LOCKS.computeIfAbsent(root, r -> new LayoutLock());
        Held held = lock.acquire(this);
        if (lock.outermost()) {
            try {
                prepare();
            } catch (IOException | RuntimeException e) {
                held.close();
                throw e instanceof StepFailure f ? f : failure("preparing the layout " + root + ": " + e, false, e);
            }
        }
        return held;
    }

    private void prepare() throws IOException {
        Files.createDirectories(root.resolve("blobs").resolve("sha256"));
        LayoutFiles.removeTemporaryFiles(root);
        if (!Files.isRegularFile(root.resolve("oci-layout"))) {
            LayoutFiles.writeAtomically(root, root.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        }
        if (!Files.isRegularFile(root.resolve("index.json"))) {
            LayoutFiles.writeAtomically(root, root.resolve("index.json"), JSON.writeValueAsBytes(LayoutIndex.emptyIndex()));
        }
    }

    private interface IndexChange {
        /** Changes the index; false when nothing changed (and nothing is written). */
        boolean apply(ObjectNode index);
    }

    /** Reads index.json, changes it, and replaces it atomically. Called with the lock held. */
    private boolean updateIndex(IndexChange change) throws IOException {
        ObjectNode index = readIndex().orElseGet(LayoutIndex::emptyIndex);
        if (!change.apply(index)) {
            return false;
        }
        LayoutFiles.writeAtomically(root, root.resolve("index.json"), JSON.writeValueAsBytes(index));
        return true;
    }

    /** The index entry whose ref.name is the tag (the last one, should there be several). */
    private Optional<JsonNode> entry(String tag) {
        return readIndex().flatMap(index -> LayoutIndex.entry(index, tag));
    }

    private Optional<ObjectNode> readIndex() {
        return LayoutIndex.read(root.resolve("index.json"), this);
    }

    private Path blob(Digest digest) {
        return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }
}
