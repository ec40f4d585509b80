package dev.signoff.promotion.steps;

import dev.signoff.promotion.spi.ImageSignatures;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
import org.springframework.stereotype.Component;

/**
 * The signature gate once more, just before the copy: the signature was checked when the card was
 * posted, but signatures can be removed and keys replaced while people approve. It only reads, so
 * running it again is safe, and there is nothing to undo.
 */
@Component
class VerifySignatureStep implements StepKind {
    private final ImageSignatures signatures;

    VerifySignatureStep(ImageSignatures signatures) {
        this.signatures = signatures;
    }

    @Override
    public String name() {
        return "verify signature";
    }

    @Override
    public String describe(StepContext step) {
        var p = step.promotion();
        return "checking the signature of " + p.source().withDigest(p.digest());
    }

    @Override
    public String run(StepContext step, ProgressListener progress) {
        var p = step.promotion();
        ImageSignatures.Verdict verdict = signatures.verify(p.source().withDigest(p.digest()), step.stage().gates().signatureKeys(), step.stage().gates().keyless());
        if (!verdict.signed()) {
            throw new StepFailure("the signature gate no longer holds: " + verdict.text(), false);
        }
        return verdict.text();
    }
}
