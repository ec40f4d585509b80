package dev.signoff.edge;

import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.steps.StepContext;
import dev.signoff.promotion.steps.StepKind;
import org.springframework.stereotype.Component;

/**
 * Sunset's first step for an exposed stage: the edge goes before the workload, so nobody is sent
 * to an app that is going away. Removes the tunnel's rule for the hostname, then its CNAME (only
 * one that points where the exposure points). Safe to run again: what is gone is reported as
 * "not there".
 */
@Component
class UnexposeStep implements StepKind {
    private final Edge edge;

    UnexposeStep(Edge edge) {
        this.edge = edge;
    }

    @Override
    public String name() {
        return "unexpose";
    }

    @Override
    public String describe(StepContext step) {
        return "remove " + ExposeStep.exposure(step).url() + " from Cloudflare";
    }

    @Override
    public String run(StepContext step, ProgressListener progress) {
        return edge.unexpose(ExposeStep.exposure(step), progress);
    }
}
