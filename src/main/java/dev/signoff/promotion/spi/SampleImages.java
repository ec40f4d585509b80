package dev.signoff.promotion.spi;

import java.util.Optional;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;

/**
 * Writes small real images for trying Signoff on a machine with nothing else installed
 * ({@code signoff.samples}): an OCI image manifest, its config and one small gzip layer, the same
 * bytes on every run. Only into a registry kept as a layout directory.
 */
public interface SampleImages {

    /**
     * Writes the sample image of {@code app}, version {@code image.tag()}, under that tag, unless
     * the tag is already there. The digest written, or empty when the tag was there already.
     */
    Optional<Digest> write(ImageRef image, String app);
}
