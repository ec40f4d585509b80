package dev.signoff.kubernetes;

import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.steps.StepContext;
import dev.signoff.promotion.steps.StepKind;
import org.springframework.stereotype.Component;

/** Sunset, after decommission: deletes the app's ServiceMonitors and PodMonitors in its namespace ({@link Monitoring}). */
@Component
class StopMonitoringStep implements StepKind {
    private final KubernetesDeployer deployer;

    StopMonitoringStep(KubernetesDeployer deployer) {
        this.deployer = deployer;
    }

    @Override
    public String name() {
        return "stop monitoring";
    }

    @Override
    public String describe(StepContext step) {
        return "remove the ServiceMonitors and PodMonitors of " + step.stage().deploy().workloadName() + " in " + step.stage().deploy().namespace();
    }

    @Override
    public String run(StepContext step, ProgressListener progress) {
        return deployer.stopMonitoring(step.stage().deploy(), progress);
    }
}
