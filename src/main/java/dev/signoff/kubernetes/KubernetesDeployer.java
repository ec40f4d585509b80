package dev.signoff.kubernetes;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.Plan;
import dev.signoff.promotion.Strategy;
import dev.signoff.promotion.spi.Decommissioner;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The Deployer and Decommissioner ports over fabric8: picks the cluster's client and the
 * stage's strategy, and sets workloads to the pullable reference of the pinned image,
 * {@code <registry host>/<repository>@sha256:…}. Calls block the promotion's own (virtual)
 * thread; several promotions may run at once, each on other workloads.
 */
@Component
class KubernetesDeployer implements Deployer, Decommissioner, AutoCloseable {
    private final PipelineConfig config;
    private final Clusters clusters;
    private final ScheduledExecutorService scheduler;
    private final RollingStrategy rolling = new RollingStrategy();
    private final CanaryStrategy canary = new CanaryStrategy();
    private final BlueGreenStrategy blueGreen;
    private final Sunsetter sunsetter = new Sunsetter();
    private final Monitoring monitoring = new Monitoring();

    @Autowired
    KubernetesDeployer(PipelineConfig config) {
        this(config, new KubeconfigClients(null));
    }

    KubernetesDeployer(PipelineConfig config, Clusters.ClientFactory clients) {
        this.config = config;
        this.clusters = new Clusters(config, clients);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("blue-green-scale-down").daemon().factory());
        this.blueGreen = new BlueGreenStrategy(scheduler);
    }

    @Override
    public Plan plan(DeployTarget target, ImageRef image) {
        Cluster cluster = clusters.get(target.cluster());
        RolloutStrategy strategy = strategy(target);
        Workload live = strategy.live(cluster, target);
        String current = Workloads.container(cluster, target.namespace(), live, target.container()).getImage();
        String next = config.pullable(image);
        String note = strategy.describe(cluster, target, live);
        if (next.equals(current)) {
            note = "already runs this image" + (note != null ? "; " + note : "");
        }
        return new Plan(current, next, live.desired(), target.strategy().describe(), note);
    }

    @Override
    public Rollout apply(DeployTarget target, ImageRef image, DeployContext context, ProgressListener progress) {
        if (!image.isPinned()) {
            throw new StepFailure("refusing to deploy " + image + " to " + target + ": Signoff deploys images by digest only", false);
        }
        return strategy(target).apply(clusters.get(target.cluster()), target, config.pullable(image), context, progress);
    }

    @Override
    public void awaitRollout(Rollout rollout, ProgressListener progress) {
        strategy(rollout.target()).await(clusters.get(rollout.target().cluster()), rollout, progress);
    }

    @Override
    public void rollback(Rollout rollout, ProgressListener progress) {
        strategy(rollout.target()).rollback(clusters.get(rollout.target().cluster()), rollout, progress);
    }

    @Override
    public String decommission(DeployTarget target, ProgressListener progress) {
        return sunsetter.decommission(clusters.get(target.cluster()), target, progress);
    }

    /** Deletes the app's ServiceMonitors and PodMonitors in the stage's namespace; says what was there. */
    String stopMonitoring(DeployTarget target, ProgressListener progress) {
        return monitoring.stop(clusters.get(target.cluster()), target, progress);
    }

    private RolloutStrategy strategy(DeployTarget target) {
        return switch (target.strategy()) {
            case Strategy.Rolling r -> rolling;
            case Strategy.Canary c -> canary;
            case Strategy.BlueGreen b -> blueGreen;
        };
    }

    /** Stops pending blue-green scale-downs and closes the clients. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        clusters.close();
    }
}
