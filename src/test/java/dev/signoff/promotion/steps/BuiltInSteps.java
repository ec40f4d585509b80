package dev.signoff.promotion.steps;

import dev.signoff.promotion.spi.Decommissioner;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.testing.FakeRegistry;

import java.util.List;

/** The step kinds the application registers, over the given ports: what core tests wire by hand. */
public final class BuiltInSteps {
    private BuiltInSteps() {
    }

    public static List<StepKind> list(FakeRegistry registry, Deployer deployer, Decommissioner decommissioner) {
        return List.of(new VerifySignatureStep(registry), new VerifyAttestationStep(registry), new CopyStep(registry), new AttestStep(registry), new DeployStep(deployer), new VerifyStep(deployer), new AnalysisStep(),
                new DecommissionStep(decommissioner), STOP_MONITORING, new DeleteTagStep(registry));
    }

    /** The kubernetes module's "stop monitoring" (tested there on the mock API server): here it finds nothing to stop. */
    public static final StepKind STOP_MONITORING = new StepKind() {
        @Override
        public String name() {
            return "stop monitoring";
        }

        @Override
        public String describe(StepContext step) {
            return "remove the monitoring of " + step.stage().deploy().workloadName();
        }

        @Override
        public String run(StepContext step, dev.signoff.promotion.spi.ProgressListener progress) {
            return "no ServiceMonitor or PodMonitor of " + step.stage().deploy().workloadName() + " was there";
        }
    };
}
