package dev.signoff.kubernetes;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.Durations;
import dev.signoff.promotion.Strategy;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
import io.fabric8.kubernetes.api.model.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Two Deployments, {@code <name>-blue} and {@code <name>-green}, told apart by the label
 * {@code signoff.dev/color}; the Service's selector names the live colour. {@code apply} copies
 * the live colour to the idle one with the new image; {@code await} waits until it is ready and
 * switches the Service; the old colour keeps running for a quick switch back and is scaled to
 * zero after {@code scaleDownAfter}. A plain {@code <name>} without colours (a Service whose
 * selector has no colour) counts as blue, so the first run deploys green.
 * <p>
 * The {@link Deployer.Rollout}'s target names the colour being rolled out ({@code shop-green}),
 * so {@code await} and {@code rollback} need no other state.
 * <p>
 * Scale-downs are timers in this process: a restart before one fires leaves the old colour
 * running (harmless, and the next promotion of the stage reuses it). A timer only scales down
 * if the Service still selects the colour it switched to.
 */
final class BlueGreenStrategy implements RolloutStrategy {
    static final String COLOR = "signoff.dev/color";
    private static final Logger log = LoggerFactory.getLogger(BlueGreenStrategy.class);

    private final ScheduledExecutorService scheduler;
    private final Map<String, ScheduledFuture<?>> scaleDowns = new ConcurrentHashMap<>();

    BlueGreenStrategy(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Workload live(Cluster cluster, DeployTarget target) {
        CanaryStrategy.requireDeployment(cluster, target);
        return Workloads.require(cluster, target.namespace(), liveRef(cluster, target, service(cluster, target)));
    }

    @Override
    public String describe(Cluster cluster, DeployTarget target, Workload live) {
        String idle = idleColour(service(cluster, target));
        return "deploys " + target.workloadName() + "-" + idle + ", then switches service " + settings(target).service()
                + " from " + live.ref().name() + " to it; " + live.ref().name() + " is scaled to zero after "
                + Durations.format(settings(target).scaleDownAfter());
    }

    @Override
    public Deployer.Rollout apply(Cluster cluster, DeployTarget target, String image, Deployer.DeployContext context,
                                  ProgressListener progress) {
        Service service = service(cluster, target);
        Workload live = live(cluster, target);
        String previous = Workloads.container(cluster, target.namespace(), live, target.container()).getImage();
        String idle = idleColour(service);
        WorkloadRef idleRef = WorkloadRef.of(target).named(target.workloadName() + "-" + idle);
        cancelScaleDown(cluster, target, idleRef);
        var desired = Workloads.variant(cluster, live, idleRef.name(), COLOR, idle, live.desired(), target.container(),
                Change.promote(image, previous, context));
        Workload started = Workloads.upsert(cluster, target.namespace(), desired);
        progress.progress("deploying " + image + " to " + idleRef + "; " + live.ref() + " still serves " + settings(target).service());
        return new Deployer.Rollout(colour(target, idleRef), previous, image, started.generation());
    }

    @Override
    public void await(Cluster cluster, Deployer.Rollout rollout, ProgressListener progress) {
        DeployTarget rolled = rollout.target();
        DeployTarget target = base(rolled);
        WorkloadRef newRef = WorkloadRef.of(rolled);
        new RolloutWatch(cluster, target.namespace(), newRef).await(rollout.generation(), rollout.newImage(), target.timeout(), "", progress);
        Service service = service(cluster, target);
        WorkloadRef oldRef = liveRef(cluster, target, service);
        String colour = colourOf(newRef);
        select(cluster, target, colour);
        progress.progress("switched service " + settings(target).service() + " to " + newRef.name());
        if (!oldRef.equals(newRef)) {
            scheduleScaleDown(cluster, target, oldRef, colour);
            progress.progress(oldRef + " stays up for a quick switch back; scaled to zero in " + Durations.format(settings(target).scaleDownAfter()));
        }
    }

    @Override
    public void rollback(Cluster cluster, Deployer.Rollout rollout, ProgressListener progress) {
        DeployTarget target = base(rollout.target());
        WorkloadRef failed = WorkloadRef.of(rollout.target());
        Service service = service(cluster, target);
        if (colourOf(failed).equals(service.getSpec().getSelector().get(COLOR))) {
            WorkloadRef other = target(target).named(target.workloadName() + "-" + other(colourOf(failed)));
            WorkloadRef back = Workloads.find(cluster, target.namespace(), other).isPresent() ? other : target(target);
            Workload previous = Workloads.require(cluster, target.namespace(), back);
            if (previous.desired() == 0) {
                Workload scaled = Workloads.scale(cluster, target.namespace(), back, Workloads.require(cluster, target.namespace(), failed).desired());
                new RolloutWatch(cluster, target.namespace(), back).await(scaled.generation(), rollout.previousImage(), target.timeout(), "rollback: ", progress);
            }
            select(cluster, target, back.equals(target(target)) ? null : colourOf(back));
            progress.progress("switched service " + settings(target).service() + " back to " + back.name());
        }
        Workloads.scale(cluster, target.namespace(), failed, 0);
        progress.progress("scaled " + failed + " to zero; " + settings(target).service() + " serves " + rollout.previousImage());
    }

    /** The live workload: the Service's colour, or for a Service without one the plain {@code <name>} (else {@code <name>-blue}). */
    private static WorkloadRef liveRef(Cluster cluster, DeployTarget target, Service service) {
        String colour = service.getSpec().getSelector() == null ? null : service.getSpec().getSelector().get(COLOR);
        if (colour != null) {
            return target(target).named(target.workloadName() + "-" + colour);
        }
        boolean plain = Workloads.find(cluster, target.namespace(), target(target)).isPresent();
        return plain ? target(target) : target(target).named(target.workloadName() + "-blue");
    }

    private static String idleColour(Service service) {
        String colour = service.getSpec().getSelector() == null ? null : service.getSpec().getSelector().get(COLOR);
        return "green".equals(colour) ? "blue" : "green";
    }

    /** Points the Service at {@code colour}, or, for null, back at the plain workload (no colour in the selector). */
    private static void select(Cluster cluster, DeployTarget target, String colour) {
        String name = settings(target).service();
        KubernetesErrors.run(cluster, target.namespace(), "patch", "services", () -> KubernetesErrors.retryingConflicts(() -> cluster.client().services()
                .inNamespace(target.namespace()).withName(name).edit(s -> {
                    Map<String, String> selector = new LinkedHashMap<>(s.getSpec().getSelector());
                    if (colour == null) {
                        selector.remove(COLOR);
                    } else {
                        selector.put(COLOR, colour);
                    }
                    s.getSpec().setSelector(selector);
                    return s;
                })));
    }

    private static Service service(Cluster cluster, DeployTarget target) {
        String name = settings(target).service();
        Service service = KubernetesErrors.call(cluster, target.namespace(), "get", "services",
                () -> cluster.client().services().inNamespace(target.namespace()).withName(name).get());
        if (service == null) {
            throw new StepFailure(cluster.where(target.namespace()) + ": service " + name + " does not exist; blue-green switches it between "
                    + target.workloadName() + "-blue and " + target.workloadName() + "-green", false);
        }
        if (service.getSpec().getSelector() == null || service.getSpec().getSelector().isEmpty()) {
            throw new StepFailure(cluster.where(target.namespace()) + ": service " + name + " has no selector, so it cannot be switched between colours", false);
        }
        return service;
    }

    private void scheduleScaleDown(Cluster cluster, DeployTarget target, WorkloadRef old, String liveColour) {
        String key = key(cluster, target, old);
        ScheduledFuture<?> task = scheduler.schedule(() -> {
            scaleDowns.remove(key);
            try {
                Service service = service(cluster, target);
                if (!liveColour.equals(service.getSpec().getSelector().get(COLOR))) {
                    log.info("not scaling down {} in {}: service {} no longer selects {}", old, cluster.where(target.namespace()),
                            settings(target).service(), liveColour);
                    return;
                }
                Workloads.scale(cluster, target.namespace(), old, 0);
                log.info("scaled {} in {} to zero, {} after the switch to {}", old, cluster.where(target.namespace()),
                        Durations.format(settings(target).scaleDownAfter()), liveColour);
            } catch (RuntimeException e) {
                log.warn("could not scale down {} in {}: {}", old, cluster.where(target.namespace()), e.getMessage());
            }
        }, settings(target).scaleDownAfter().toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> earlier = scaleDowns.put(key, task);
        if (earlier != null) {
            earlier.cancel(false);
        }
    }

    /** A colour about to get a new image must not be scaled down by a timer from an earlier switch. */
    private void cancelScaleDown(Cluster cluster, DeployTarget target, WorkloadRef ref) {
        ScheduledFuture<?> pending = scaleDowns.remove(key(cluster, target, ref));
        if (pending != null) {
            pending.cancel(false);
        }
    }

    private static String key(Cluster cluster, DeployTarget target, WorkloadRef ref) {
        return cluster.name() + "/" + target.namespace() + "/" + ref;
    }

    private static Strategy.BlueGreen settings(DeployTarget target) {
        return (Strategy.BlueGreen) target.strategy();
    }

    private static WorkloadRef target(DeployTarget target) {
        return WorkloadRef.of(target);
    }

    private static String colourOf(WorkloadRef ref) {
        return ref.name().endsWith("-green") ? "green" : "blue";
    }

    private static String other(String colour) {
        return colour.equals("green") ? "blue" : "green";
    }

    /** The target with the colour's workload name, as the Rollout carries it. */
    private static DeployTarget colour(DeployTarget target, WorkloadRef ref) {
        return new DeployTarget(target.cluster(), target.namespace(), target.workloadKind(), ref.name(), target.container(),
                target.strategy(), target.timeout());
    }

    /** The configured target back from a colour's: {@code shop-green} → {@code shop}. */
    private static DeployTarget base(DeployTarget colour) {
        String name = colour.workloadName().replaceFirst("-(blue|green)$", "");
        return new DeployTarget(colour.cluster(), colour.namespace(), colour.workloadKind(), name, colour.container(),
                colour.strategy(), colour.timeout());
    }
}
