package dev.signoff.promotion.steps;

import dev.signoff.promotion.spi.ImageAttestations;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
import org.springframework.stereotype.Component;

/**
 * The attestation gate once more, just before the copy: attestations can be removed and keys
 * replaced while people approve. It only reads, so running it again is safe, and there is nothing
 * to undo.
 */
@Component
class VerifyAttestationStep implements StepKind {
    private final ImageAttestations attestations;

    VerifyAttestationStep(ImageAttestations attestations) {
        this.attestations = attestations;
    }

    @Override
    public String name() {
        return "verify attestation";
    }

    @Override
    public String describe(StepContext step) {
        var p = step.promotion();
        return "checking the attestations of " + p.source().withDigest(p.digest());
    }

    @Override
    public String run(StepContext step, ProgressListener progress) {
        var p = step.promotion();
        ImageAttestations.Verdict verdict = attestations.verify(p.source().withDigest(p.digest()), step.stage().gates().attestation());
        if (!verdict.attested()) {
            throw new StepFailure("the attestation gate no longer holds: " + verdict.text(), false);
        }
        return verdict.text();
    }
}
