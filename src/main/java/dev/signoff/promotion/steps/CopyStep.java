package dev.signoff.promotion.steps;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.spi.ImageRegistry;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
import org.springframework.stereotype.Component;

/**
 * Makes the stage's tag point at the promotion's digest, byte-exact. Safe to run again: run after
 * a crash, it first looks whether the tag already points at the digest (the copy finished before
 * the crash) and then changes nothing; otherwise the registry adapter writes only what the
 * destination lacks. The tag is not moved back when a later step fails.
 */
@Component
class CopyStep implements StepKind {
    private final ImageRegistry registry;

    CopyStep(ImageRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "copy";
    }

    @Override
    public String describe(StepContext step) {
        var p = step.promotion();
        return p.source().withDigest(p.digest()) + " → " + p.target();
    }

    @Override
    public String run(StepContext step, ProgressListener progress) {
        var p = step.promotion();
        if (step.resumed() && alreadyAt(p.target(), p.digest())) {
            return p.target() + " is already at " + p.digest().shortForm();
        }
        Boolean attachments = step.stage().copyAttachments();
        return attachments == null ? registry.copy(p.source().withDigest(p.digest()), p.target(), progress)
                : registry.copy(p.source().withDigest(p.digest()), p.target(), attachments, progress);
    }

    private boolean alreadyAt(ImageRef target, Digest digest) {
        try {
            return registry.resolve(target).equals(digest);
        } catch (StepFailure e) {
            return false; // no such tag yet, or the registry did not answer: the copy says which
        }
    }
}
