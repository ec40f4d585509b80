package dev.signoff.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.spi.ProgressListener;

/**
 * A copy where one end (or both) is a layout directory, with the same guarantees as a copy
 * between registries: the manifests' bytes unchanged, each unique blob moved once, streamed and
 * verified, child manifests before the index that lists them, the tag last. The whole copy holds
 * the target's {@linkplain Store#writing() write lock}.
 */
final class StoreCopier {
    private final Store source;
    private final Store target;
    private final RegistrySettings settings;

    StoreCopier(Store source, Store target, RegistrySettings settings) {
        this.source = source;
        this.target = target;
        this.settings = settings;
    }

    /** With {@code attachments}, what is attached is copied once the image is there by digest and before the tag moves (see {@link ImageCopier#copy}). */
    String copy(Digest digest, String tag, boolean attachments, ProgressListener listener) {
        Manifest top = source.manifest(digest.toString());
        try (Store.Held writing = target.writing()) {
            if (source instanceof LayoutStore from && target instanceof LayoutStore to && from.root().equals(to.root())) {
                target.putManifest(top, tag);
                return "retagged in place (0 bytes moved)";
            }
            ManifestTree tree = ManifestTree.of(top, child -> source.manifest(child.toString()), problem -> source.failure(problem, false, null));
            Attachments attached = attachments ? Attachments.find(source, tree.subjects(), settings.parallelBlobs()) : null;
            List<Descriptor> all = new ArrayList<>(tree.blobs().values());
            List<Boolean> present = Parallel.run(all, settings.parallelBlobs(), target::hasBlob, target::failure);
            List<Descriptor> missing = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (!present.get(i)) {
                    missing.add(all.get(i));
                }
            }
            // largest first, so that the longest transfer does not start last
            missing.sort(Comparator.comparingLong(Descriptor::size).reversed());
            long bytes = missing.stream().mapToLong(b -> Math.max(0, b.size())).sum();
            Progress progress = new Progress(listener, bytes, missing.size(), 1000);
            Parallel.run(missing, settings.parallelBlobs(), blob -> {
                target.putBlob(blob, source, progress);
                return true;
            }, target::failure);
            for (Manifest child : tree.children()) {
                target.putManifest(child, child.digest().toString());
            }
            String summary = ImageCopier.copied(missing.size(), all.size(), bytes);
            if (attached != null && !attached.isEmpty()) {
                target.putManifest(top, top.digest().toString());
                summary += "; " + attached.copyTo(target, settings.parallelBlobs());
            }
            listener.checkStopped(); // an abort before this point leaves the tag where it was
            target.putManifest(top, tag);
            return summary;
        }
    }
}
