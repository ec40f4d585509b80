package dev.signoff.promotion.steps;

import dev.signoff.promotion.spi.Decommissioner;
import dev.signoff.promotion.spi.ProgressListener;
import org.springframework.stereotype.Component;

/** Sunset: scales the stage's workload to zero and removes its Service and Ingress. Scaling to zero twice is still zero. */
@Component
class DecommissionStep implements StepKind {
    private final Decommissioner decommissioner;

    DecommissionStep(Decommissioner decommissioner) {
        this.decommissioner = decommissioner;
    }

    @Override
    public String name() {
        return "decommission";
    }

    @Override
    public String describe(StepContext step) {
        return "scale " + step.stage().deploy().workload() + " to zero and remove its exposure";
    }

    @Override
    public String run(StepContext step, ProgressListener progress) {
        return decommissioner.decommission(step.stage().deploy(), progress);
    }
}
