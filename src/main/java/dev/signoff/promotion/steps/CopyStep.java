package dev.signoff.promotion.steps;

import dev.signoff.promotion.spi.ImageRegistry;
import dev.signoff.promotion.spi.ProgressListener;
import org.springframework.stereotype.Component;

/**
 * Makes the stage's tag point at the promotion's digest, byte-exact. Safe to run again: the
 * registry adapter writes only what the destination lacks, and putting the same manifest twice
 * changes nothing. The tag is not moved back when a later step fails.
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
        return registry.copy(p.source().withDigest(p.digest()), p.target(), progress);
    }
}
