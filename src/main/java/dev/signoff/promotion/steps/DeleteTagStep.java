package dev.signoff.promotion.steps;

import dev.signoff.promotion.spi.ImageRegistry;
import dev.signoff.promotion.spi.ProgressListener;
import org.springframework.stereotype.Component;

/** Sunset's last step: deletes the stage's tag (the manifest stays while other tags point at it). */
@Component
class DeleteTagStep implements StepKind {
    private final ImageRegistry registry;

    DeleteTagStep(ImageRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "delete tag";
    }

    @Override
    public String describe(StepContext step) {
        return "delete " + step.stage().image();
    }

    @Override
    public String run(StepContext step, ProgressListener progress) {
        registry.deleteTag(step.stage().image());
        return "deleted " + step.stage().image();
    }
}
