package dev.signoff.testing;

import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.Plan;
import dev.signoff.promotion.spi.Decommissioner;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Workloads as a map from target to image; rollouts succeed unless told to fail. */
public class FakeDeployer implements Deployer, Decommissioner {
    public final Map<String, String> images = new HashMap<>();
    public final List<String> calls = new ArrayList<>();
    public volatile String failRolloutWith;
    public volatile String failApplyWith;
    public volatile String failRollbackWith;
    /**
     * When set, a rollout is watched for up to 10 s before it completes: the watch calls this
     * first, then asks every 10 ms whether to stop, as the real watch does while it waits.
     */
    public volatile Runnable slowRollouts;
    /** When set, apply waits at a checkpoint with this description (and no pause) before finishing. */
    public volatile String pauseAt;

    @Override
    public synchronized Plan plan(DeployTarget target, ImageRef image) {
        return new Plan(images.get(target.toString()), image.toString(), 3, target.strategy().describe(), null);
    }

    @Override
    public Rollout apply(DeployTarget target, ImageRef image, DeployContext context, ProgressListener progress) {
        if (failApplyWith != null) {
            throw new StepFailure(failApplyWith, false);
        }
        calls.add("apply " + target + " " + image);
        if (pauseAt != null) {
            context.checkpoint().await(pauseAt, null);
        }
        String previous;
        synchronized (this) {
            previous = images.put(target.toString(), image.toString());
        }
        return new Rollout(target, previous, image.toString(), 1);
    }

    @Override
    public void awaitRollout(Rollout rollout, ProgressListener progress) {
        progress.progress("1 of 3 updated");
        Runnable slow = slowRollouts;
        if (slow != null) {
            slow.run();
            for (int i = 0; i < 1000; i++) {
                progress.checkStopped();
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StepFailure("interrupted", true);
                }
            }
        }
        if (failRolloutWith != null) {
            throw new StepFailure(failRolloutWith, false);
        }
        synchronized (this) {
            calls.add("await " + rollout.target());
        }
    }

    @Override
    public synchronized void rollback(Rollout rollout, ProgressListener progress) {
        if (failRollbackWith != null) {
            throw new StepFailure(failRollbackWith, false);
        }
        calls.add("rollback " + rollout.target() + " " + rollout.previousImage());
        images.put(rollout.target().toString(), rollout.previousImage());
    }

    @Override
    public synchronized String decommission(DeployTarget target, ProgressListener progress) {
        calls.add("decommission " + target);
        images.remove(target.toString());
        return "scaled to zero";
    }
}
