package dev.signoff.promotion.spi;

import java.util.List;

import dev.signoff.promotion.Gates;
import dev.signoff.promotion.ImageRef;

/**
 * Checks the cosign signatures of an image against public keys and, keyless, against Fulcio
 * certificates for given identities: the signature gate. A missing or unverifiable signature is
 * an answer, not a failure; a registry that cannot be read is a {@link StepFailure}.
 */
public interface ImageSignatures {

    /**
     * What the check found: whether a signature of the digest verified with one of the keys, and in
     * words for the card ("signed (key sha256:1a2b3c4d5e6f)") or for the refusal (each key tried and
     * why it did not verify).
     */
    record Verdict(boolean signed, String text) {
    }

    /**
     * Looks for a signature of {@code image} (pinned to a digest) that verifies with one of {@code keys}
     * ({@code file:…} or {@code env:…}) or, when {@code keyless} is not null, with a certificate for
     * one of its identities.
     */
    Verdict verify(ImageRef image, List<String> keys, Gates.Keyless keyless);
}
