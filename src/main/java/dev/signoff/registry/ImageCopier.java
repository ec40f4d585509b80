package dev.signoff.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

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
    private static final int MAX_DEPTH = 4;

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

    /** Everything below the top manifest: child manifests deepest first, and each blob once. */
    private record Tree(List<Manifest> children, Map<Digest, Descriptor> blobs) {
        long bytes() {
            return blobs.values().stream().mapToLong(b -> Math.max(0, b.size())).sum();
        }
    }

    String copy(Digest digest, String tag, boolean sameRegistry, ProgressListener listener) {
        boolean sameRepository = sameRegistry && sourceRepository.equals(targetRepository);
        // within one registry, one token (pull on the source, push on the target) serves every request
        String[] sourceScopes = sameRegistry ? bothScopes(sameRepository) : new String[] {Auth.pull(sourceRepository)};
        String[] targetScopes = sameRegistry ? bothScopes(sameRepository) : new String[] {Auth.push(targetRepository)};
        Manifest top = Manifests.get(source, sourceRepository, digest.toString(), sourceScopes);
        if (sameRepository) {
            Manifests.put(target, targetRepository, tag, top, targetScopes);
            return "retagged in place (0 bytes moved)";
        }
        Tree tree = new Tree(new ArrayList<>(), new LinkedHashMap<>());
        collect(top, tree, 0, sourceScopes);
        BlobTransfer blobs = new BlobTransfer(source, sourceRepository, target, targetRepository, settings);
        String summary = sameRegistry ? mount(tree, blobs, listener) : transfer(tree, blobs, listener);
        for (Manifest child : tree.children()) {
            Manifests.put(target, targetRepository, child.digest().toString(), child, targetScopes);
        }
        Manifests.put(target, targetRepository, tag, top, targetScopes);
        return summary;
    }

    private String[] bothScopes(boolean sameRepository) {
        return sameRepository ? new String[] {Auth.push(targetRepository)} : new String[] {Auth.push(targetRepository), Auth.pull(sourceRepository)};
    }

    private void collect(Manifest manifest, Tree tree, int depth, String[] scopes) {
        List<Descriptor> children;
        try {
            children = MediaTypes.children(manifest);
            MediaTypes.blobs(manifest).forEach(b -> tree.blobs().putIfAbsent(b.digest(), b));
        } catch (IllegalArgumentException e) {
            throw source.failure(sourceRepository, e.getMessage(), false);
        }
        if (!children.isEmpty() && depth >= MAX_DEPTH) {
            throw source.failure(sourceRepository, "manifest " + manifest.digest().shortForm() + " nests indexes deeper than " + MAX_DEPTH, false);
        }
        for (Descriptor child : children) {
            if (tree.children().stream().noneMatch(m -> m.digest().equals(child.digest()))) {
                Manifest fetched = Manifests.get(source, sourceRepository, child.digest().toString(), scopes);
                collect(fetched, tree, depth + 1, scopes);
                tree.children().add(fetched);
            }
        }
    }

    private String mount(Tree tree, BlobTransfer blobs, ProgressListener listener) {
        blobs.reportTo(new Progress(listener, tree.bytes(), tree.blobs().size(), 1000));
        List<Boolean> mounted = inParallel(new ArrayList<>(tree.blobs().values()), blobs::mountOrUpload);
        long refused = mounted.stream().filter(m -> !m).count();
        String summary = "mounted " + (mounted.size() - refused) + " blob" + (mounted.size() - refused == 1 ? "" : "s") + " from " + sourceRepository;
        if (refused > 0) {
            summary += ", uploaded " + refused + " the registry would not mount";
        }
        return summary;
    }

    private String transfer(Tree tree, BlobTransfer blobs, ProgressListener listener) {
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
        int there = all.size() - missing.size();
        return "copied " + missing.size() + " of " + all.size() + " blob" + (all.size() == 1 ? "" : "s")
                + (missing.isEmpty() ? "" : " (" + Progress.size(bytes) + ")")
                + (there == 0 ? "" : ", " + (missing.isEmpty() ? "all " : "") + there + " already there");
    }

    /** Runs the work on a pool of {@code parallelBlobs} threads; the first failure cancels the rest and is thrown. */
    private <T> List<T> inParallel(List<Descriptor> items, Function<Descriptor, T> work) {
        if (items.isEmpty()) {
            return List.of();
        }
        AtomicInteger number = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.parallelBlobs(), items.size()), runnable -> {
            Thread thread = new Thread(runnable, "signoff-blobs-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Descriptor item : items) {
                futures.add(pool.submit(() -> work.apply(item)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StepFailure failure) {
                throw failure;
            }
            throw target.failure(targetRepository, "copying blobs: " + e.getCause(), false, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw target.failure(targetRepository, "copying blobs: interrupted", true, e);
        } finally {
            pool.shutdownNow();
        }
    }
}
