package dev.signoff.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;

/**
 * One copy of an image, byte for byte, by the cheapest way the two places allow:
 * <ul>
 * <li>same repository: GET the manifest, PUT the same bytes under the new tag;</li>
 * <li>same registry: mount every unique blob from the source repository (upload where refused);</li>
 * <li>other registry: HEAD every unique blob at the destination and stream only the missing ones,
 *     each once, a bounded number at a time.</li>
 * </ul>
 * Child manifests are written (by digest) before the index that lists them, the tag last.
 */
final class ImageCopier {
    private final RegistryHttp source;
    private final String sourceRepository;
    private final RegistryHttp target;
    private final String targetRepository;
    private final RegistrySettings settings;

    ImageCopier(RegistryHttp source, String sourceRepository, RegistryHttp target, String targetRepository, RegistrySettings settings) {
        this.source = source;
        this.sourceRepository = sourceRepository;
        this.target = target;
        this.targetRepository = targetRepository;
        this.settings = settings;
    }

    /**
     * With {@code attachments}, what is attached to the image (see {@link Attachments}) is copied
     * after the image's manifests are written by digest and before the tag moves, so that the tag
     * never points at an image whose signatures are not there yet. They are looked up, and their
     * blobs copied, while the image's blobs move.
     */
    String copy(Digest digest, String tag, boolean sameRegistry, boolean attachments, ProgressListener listener) {
        boolean sameRepository = sameRegistry && sourceRepository.equals(targetRepository);
        // within one registry, one token (pull on the source, push on the target) serves every request
        String[] sourceScopes = sameRegistry ? bothScopes(sameRepository) : new String[] {Auth.pull(sourceRepository)};
        String[] targetScopes = sameRegistry ? bothScopes(sameRepository) : new String[] {Auth.push(targetRepository)};
        Manifest top = Manifests.get(source, sourceRepository, digest.toString(), sourceScopes);
        if (sameRepository) {
            Manifests.put(target, targetRepository, tag, top, targetScopes);
            return "retagged in place (0 bytes moved)";
        }
        ManifestTree tree = ManifestTree.of(top, child -> Manifests.get(source, sourceRepository, child.toString(), sourceScopes),
                problem -> source.failure(sourceRepository, problem, false), settings.parallelBlobs());
        FutureTask<Attachments.BlobsCopied> lookup = attachments ? lookUp(tree) : null;
        try {
            BlobTransfer blobs = new BlobTransfer(new HttpStore(source, sourceRepository, settings), sourceRepository, target, targetRepository, settings);
            String summary = sameRegistry ? mount(tree, blobs, listener) : transfer(tree, blobs, listener);
            putChildren(tree, targetScopes);
            Attachments.BlobsCopied attached = lookup != null ? found(lookup) : null;
            if (attached != null) {
                Manifests.put(target, targetRepository, digest.toString(), top, targetScopes);
                summary += "; " + attached.writeManifests(new HttpStore(target, targetRepository, settings), settings.parallelBlobs());
            }
            listener.checkStopped(); // an abort before this point leaves the tag where it was
            Manifests.put(target, targetRepository, tag, top, targetScopes);
            return summary;
        } finally {
            if (lookup != null) {
                lookup.cancel(true); // a copy that failed leaves no lookup running
            }
        }
    }

    /**
     * The child manifests, by digest, each before any index that lists it: the image manifests at
     * once ({@code parallelBlobs} at a time), then the nested indexes, deepest first.
     */
    private void putChildren(ManifestTree tree, String[] scopes) {
        Map<Boolean, List<Manifest>> isIndex = tree.children().stream().collect(Collectors.partitioningBy(c -> !MediaTypes.children(c).isEmpty()));
        Parallel.run(isIndex.get(false), settings.parallelBlobs(), child -> {
            Manifests.put(target, targetRepository, child.digest().toString(), child, scopes);
            return true;
        }, (what, retryable, cause) -> target.failure(targetRepository, what, retryable, cause));
        for (Manifest index : isIndex.get(true)) {
            Manifests.put(target, targetRepository, index.digest().toString(), index, scopes);
        }
    }

    /**
     * What is attached is looked up, and its blobs copied, on a thread of its own while the image's
     * blobs move: a few small requests per platform that need not wait. Null when nothing is attached.
     */
    private FutureTask<Attachments.BlobsCopied> lookUp(ManifestTree tree) {
        FutureTask<Attachments.BlobsCopied> lookup = new FutureTask<>(() -> {
            Attachments found = Attachments.find(new HttpStore(source, sourceRepository, settings), tree.subjects(), settings.parallelBlobs());
            return found.isEmpty() ? null : found.copyBlobsTo(new HttpStore(target, targetRepository, settings), settings.parallelBlobs());
        });
        Thread.ofPlatform().daemon().name("signoff-attachments").start(lookup);
        return lookup;
    }

    /** The lookup's answer, or its failure as the copy's. */
    private Attachments.BlobsCopied found(FutureTask<Attachments.BlobsCopied> lookup) {
        try {
            return lookup.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StepFailure failure) {
                throw failure;
            }
            throw source.failure(sourceRepository, "looking up what is attached: " + e.getCause(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw source.failure(sourceRepository, "looking up what is attached: interrupted", true);
        }
    }

    private String[] bothScopes(boolean sameRepository) {
        return sameRepository ? new String[] {Auth.push(targetRepository)} : new String[] {Auth.push(targetRepository), Auth.pull(sourceRepository)};
    }

    private String mount(ManifestTree tree, BlobTransfer blobs, ProgressListener listener) {
        blobs.reportTo(new Progress(listener, tree.bytes(), tree.blobs().size(), 1000));
        List<Boolean> mounted = inParallel(new ArrayList<>(tree.blobs().values()), blobs::mountOrUpload);
        long refused = mounted.stream().filter(m -> !m).count();
        String summary = "mounted " + (mounted.size() - refused) + " blob" + (mounted.size() - refused == 1 ? "" : "s") + " from " + sourceRepository;
        if (refused > 0) {
            summary += ", uploaded " + refused + " the registry would not mount";
        }
        return summary;
    }

    private String transfer(ManifestTree tree, BlobTransfer blobs, ProgressListener listener) {
        List<Descriptor> all = new ArrayList<>(tree.blobs().values());
        List<Boolean> present = inParallel(all, blobs::exists);
        List<Descriptor> missing = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (!present.get(i)) {
                missing.add(all.get(i));
            }
        }
        // largest first, so that the longest transfer does not start last
        missing.sort(java.util.Comparator.comparingLong(Descriptor::size).reversed());
        long bytes = missing.stream().mapToLong(b -> Math.max(0, b.size())).sum();
        blobs.reportTo(new Progress(listener, bytes, missing.size(), 1000));
        inParallel(missing, blob -> {
            blobs.upload(blob);
            return true;
        });
        return copied(missing.size(), all.size(), bytes);
    }

    /** "copied 3 of 5 blobs (182 MB), 2 already there", for the card. */
    static String copied(int moved, int all, long bytes) {
        int there = all - moved;
        return "copied " + moved + " of " + all + " blob" + (all == 1 ? "" : "s")
                + (moved == 0 ? "" : " (" + Progress.size(bytes) + ")")
                + (there == 0 ? "" : ", " + (moved == 0 ? "all " : "") + there + " already there");
    }

    /** Runs the work on {@code parallelBlobs} threads; the first failure cancels the rest and is thrown. */
    private <T> List<T> inParallel(List<Descriptor> items, Function<Descriptor, T> work) {
        return Parallel.run(items, settings.parallelBlobs(), work, (what, retryable, cause) -> target.failure(targetRepository, what, retryable, cause));
    }
}
