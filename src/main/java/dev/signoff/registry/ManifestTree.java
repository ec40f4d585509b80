package dev.signoff.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.spi.StepFailure;

/**
 * Everything below a top manifest: the child manifests, deepest first (so that each is written
 * before the index that lists it), and every unique blob once.
 */
record ManifestTree(Manifest top, List<Manifest> children, Map<Digest, Descriptor> blobs) {
    private static final int MAX_DEPTH = 4;

    /** Reads the tree, fetching each child once with {@code fetch}, one after another; {@code failure} words a problem. */
    static ManifestTree of(Manifest top, Function<Digest, Manifest> fetch, Function<String, StepFailure> failure) {
        return of(top, fetch, failure, 1);
    }

    /**
     * The same, fetching the children an index lists {@code parallel} at a time (over a network,
     * a multi-platform image's manifests need not wait for each other).
     */
    static ManifestTree of(Manifest top, Function<Digest, Manifest> fetch, Function<String, StepFailure> failure, int parallel) {
        ManifestTree tree = new ManifestTree(top, new ArrayList<>(), new LinkedHashMap<>());
        tree.collect(top, 0, fetch, failure, parallel);
        return tree;
    }

    /** The digests things may be attached to: the top manifest's and each child's. */
    List<Digest> subjects() {
        List<Digest> subjects = new ArrayList<>();
        subjects.add(top.digest());
        children.forEach(c -> subjects.add(c.digest()));
        return subjects;
    }

    private boolean has(Digest digest) {
        return children.stream().anyMatch(m -> m.digest().equals(digest));
    }

    long bytes() {
        return blobs.values().stream().mapToLong(b -> Math.max(0, b.size())).sum();
    }

    private void collect(Manifest manifest, int depth, Function<Digest, Manifest> fetch, Function<String, StepFailure> failure, int parallel) {
        List<Descriptor> listed;
        try {
            listed = MediaTypes.children(manifest);
            MediaTypes.blobs(manifest).forEach(b -> blobs.putIfAbsent(b.digest(), b));
        } catch (IllegalArgumentException e) {
            throw failure.apply(e.getMessage());
        }
        if (!listed.isEmpty() && depth >= MAX_DEPTH) {
            throw failure.apply("manifest " + manifest.digest().shortForm() + " nests indexes deeper than " + MAX_DEPTH);
        }
        List<Digest> unseen = listed.stream().map(Descriptor::digest).distinct().filter(d -> !has(d)).toList();
        List<Manifest> fetched = parallel > 1 && unseen.size() > 1
                ? Parallel.run(unseen, parallel, fetch, (what, retryable, cause) -> failure.apply(what))
                : unseen.stream().map(fetch).toList();
        for (Manifest child : fetched) {
            if (!has(child.digest())) { // a deeper index may have listed it too
                collect(child, depth + 1, fetch, failure, parallel);
                children.add(child);
            }
        }
    }
}
