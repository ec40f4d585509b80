package dev.signoff.registry;

import dev.signoff.promotion.Digest;

/** What a manifest says about content it refers to. {@code size} is -1 when the manifest does not say. */
record Descriptor(Digest digest, long size, String mediaType) {
}
