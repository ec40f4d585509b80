package dev.signoff.promotion.steps;

import dev.signoff.promotion.spi.Decommissioner;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.ImageRegistry;

import java.util.List;

/** The step kinds the application registers, over the given ports: what core tests wire by hand. */
public final class BuiltInSteps {
    private BuiltInSteps() {
    }

    public static List<StepKind> list(ImageRegistry registry, Deployer deployer, Decommissioner decommissioner) {
        return List.of(new CopyStep(registry), new DeployStep(deployer), new VerifyStep(deployer), new AnalysisStep(),
                new DecommissionStep(decommissioner), new DeleteTagStep(registry));
    }
}
