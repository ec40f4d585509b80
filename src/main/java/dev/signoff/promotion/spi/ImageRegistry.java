package dev.signoff.promotion.spi;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;

/**
 * Moves images between tags, repositories and registries without changing a byte. Failures are
 * {@link StepFailure}s naming the registry, the repository and what went wrong.
 */
public interface ImageRegistry {

    /**
     * The User-Agent of every request the registry adapter sends. Registries pass it on in their
     * push notifications ({@code request.useragent}), which is how Signoff tells its own copies
     * from new builds and never promotes them again.
     */
    String USER_AGENT = "signoff";

    /** The digest a tag points at now (a pinned reference answers its own digest after checking it exists). */
    Digest resolve(ImageRef image);

    /**
     * Makes {@code target} (a tag) point at exactly the manifest {@code source} (pinned to a digest)
     * has: same bytes, same digest, every platform. Returns a one-line summary for the card.
     */
    String copy(ImageRef source, ImageRef target, ProgressListener progress);

    /**
     * The same, saying whether what is attached to the image (its cosign signatures, attestations
     * and SBOMs, and its OCI referrers) goes along, byte-exact. The three-argument copy takes them
     * along where the destination registry's {@code copyAttachments} does not say no.
     */
    default String copy(ImageRef source, ImageRef target, boolean attachments, ProgressListener progress) {
        return copy(source, target, progress);
    }

    /** Removes a tag (for sunset); the manifest stays if other tags point at it. */
    void deleteTag(ImageRef image);
}
