package dev.signoff.promotion.spi;

import dev.signoff.promotion.Gates;
import dev.signoff.promotion.ImageRef;

/**
 * Checks the in-toto attestations attached to an image against the attestation gate: predicate
 * type, signing keys and predicate fields. A missing or unverifiable attestation is an answer, not
 * a failure; a registry that cannot be read is a {@link StepFailure}.
 */
public interface ImageAttestations {

    /**
     * What the check found: whether an attestation of the digest counted, and in words for the card
     * ("attested: approval/v1 by key sha256:1a2b3c4d5e6f7a8b (stage test)") or for the refusal (each
     * attestation and key, and why it did not count).
     */
    record Verdict(boolean attested, String text) {
    }

    /** Looks for an attestation of {@code image} (pinned to a digest) that meets {@code gate}. */
    Verdict verify(ImageRef image, Gates.Attestation gate);
}
