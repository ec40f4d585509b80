package dev.signoff.edge;

import dev.signoff.promotion.Exposure;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.steps.StepContext;
import dev.signoff.promotion.steps.StepKind;
import org.springframework.stereotype.Component;

/**
 * The last step of a promotion into an exposed stage, after the rollout is verified: the tunnel
 * routes the hostname to the stage's service and the hostname is a proxied CNAME. Safe to run
 * again: what is in place is left alone ("already in place: https://…"). Nothing to undo: a
 * rollback puts the previous image behind the same hostname, and the edge only names the
 * hostname and the Service, not the image.
 */
@Component
class ExposeStep implements StepKind {
    private final Edge edge;

    ExposeStep(Edge edge) {
        this.edge = edge;
    }

    @Override
    public String name() {
        return "expose";
    }

    @Override
    public String describe(StepContext step) {
        Exposure exposure = exposure(step);
        return "expose " + exposure.url() + " through Cloudflare" + (exposure.viaTunnel() ? " tunnel " + exposure.tunnel() : "");
    }

    @Override
    public String run(StepContext step, ProgressListener progress) {
        return edge.expose(exposure(step), progress);
    }

    static Exposure exposure(StepContext step) {
        return step.stage().exposure().orElseThrow(() -> new IllegalStateException(
                "stage " + step.stage().name() + " has no expose:, so its plan has no expose or unexpose step"));
    }
}
