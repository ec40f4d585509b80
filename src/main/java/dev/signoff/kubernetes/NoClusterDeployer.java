package dev.signoff.kubernetes;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.Plan;
import dev.signoff.promotion.spi.Decommissioner;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
import org.springframework.stereotype.Component;

/**
 * This build cannot reach Kubernetes yet (the fabric8 deployer is a separate piece of work), so
 * it says so: any deployment fails with that reason on the card instead of pretending to succeed.
 */
@Component
class NoClusterDeployer implements Deployer, Decommissioner {
    private final PipelineConfig config;

    NoClusterDeployer(PipelineConfig config) {
        this.config = config;
    }

    @Override
    public Plan plan(DeployTarget target, ImageRef image) {
        throw unavailable(target);
    }

    @Override
    public Rollout apply(DeployTarget target, ImageRef image, DeployContext context, ProgressListener progress) {
        throw unavailable(target);
    }

    @Override
    public void awaitRollout(Rollout rollout, ProgressListener progress) {
        throw unavailable(rollout.target());
    }

    @Override
    public void rollback(Rollout rollout, ProgressListener progress) {
        throw unavailable(rollout.target());
    }

    @Override
    public String decommission(DeployTarget target, ProgressListener progress) {
        throw unavailable(target);
    }

    private StepFailure unavailable(DeployTarget target) {
        var cluster = config.clusters().get(target.cluster());
        String where = "cluster " + target.cluster() + (cluster != null && cluster.context() != null ? " (context " + cluster.context() + ")" : "");
        return new StepFailure(where + ": this Signoff build has no Kubernetes client yet, so it cannot deploy "
                + target.workload() + " in namespace " + target.namespace(), false);
    }
}
