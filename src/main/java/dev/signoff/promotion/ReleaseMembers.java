package dev.signoff.promotion;

import dev.signoff.promotion.spi.Deployments;
import dev.signoff.promotion.spi.ImageRegistry;
import dev.signoff.promotion.spi.StepFailure;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes a release's member promotions, one per app in the release's order, each exactly as
 * {@code promote <app> to <stage>} makes it ({@link PromotionFactory#promotion}): the digest its
 * own previous stage runs, its gates, locks and freezes. The first app that cannot go refuses the
 * whole release, and the refusal names the app. Nothing is saved here.
 */
@Component
class ReleaseMembers {
    private final PipelineConfig config;
    private final PromotionFactory factory;
    private final Deployments deployments;
    private final ImageRegistry registry;

    ReleaseMembers(PipelineConfig config, PromotionFactory factory, Deployments deployments, ImageRegistry registry) {
        this.config = config;
        this.factory = factory;
        this.deployments = deployments;
        this.registry = registry;
    }

    List<PromotionRequest> open(String person, ReleaseConfig release, String reference, String stage) {
        if (reference != null && !reference.isBlank()) {
            throw new Refusal("A release promotes what each app's previous stage runs, so it takes no tag or digest: /signoff promote "
                    + release.name() + " to " + stage + ".");
        }
        List<PromotionRequest> members = new ArrayList<>();
        for (String app : release.apps()) {
            members.add(member(person, release, config.requireApp(app), stage));
        }
        return members;
    }

    private PromotionRequest member(String person, ReleaseConfig release, AppConfig app, String stageName) {
        Stage stage = app.stage(stageName).orElseThrow(() -> new Refusal(app.name() + " has no stage '" + stageName
                + "', so release " + release.name() + " cannot go there. Stages of " + app.name() + ": "
                + String.join(", ", app.stageNames()) + "."));
        Stage previous = app.previous(stage).orElseThrow(() -> new Refusal(stageName + " is the first stage of " + app.name()
                + ", so " + app.name() + " has no previous stage to promote from; release " + release.name() + " cannot go there."));
        requireBuild(app, previous);
        try {
            return factory.promotion(person, app.name(), null, stage.name());
        } catch (Refusal r) {
            throw new Refusal(app.name() + ": " + r.getMessage());
        }
    }

    /** Something runs in the previous stage (or its tag points at an image), else "cart has no build in test to promote". */
    private void requireBuild(AppConfig app, Stage previous) {
        boolean running = deployments.current(app.name(), previous.name()).filter(d -> d.kind() != PromotionKind.SUNSET).isPresent();
        if (running) {
            return;
        }
        try {
            registry.resolve(previous.image());
        } catch (StepFailure e) {
            throw new Refusal(app.name() + " has no build in " + previous.name() + " to promote (" + previous.image() + ": "
                    + e.getMessage() + ").");
        }
    }
}
