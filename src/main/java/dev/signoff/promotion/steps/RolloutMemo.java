package dev.signoff.promotion.steps;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.spi.Deployer;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The deploy step's memo: the rollout it started (the workload it changed, the image before and
 * after, the generation to watch), as properties text, so that a restarted process can watch the
 * same rollout and undo it. The workload's kind, cluster and namespace come from the stage.
 */
public final class RolloutMemo {
    private RolloutMemo() {
    }

    public static String write(Deployer.Rollout rollout) {
        Properties props = new Properties();
        props.setProperty("workload", rollout.target().workloadName());
        if (rollout.previousImage() != null) {
            props.setProperty("previous", rollout.previousImage());
        }
        props.setProperty("image", rollout.newImage());
        props.setProperty("generation", Long.toString(rollout.generation()));
        StringWriter out = new StringWriter();
        try {
            props.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Properties.store writes a date comment first; the memo is the same for the same rollout.
        return out.toString().lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
    }

    /** The rollout a memo describes, on the stage's deploy target. */
    public static Deployer.Rollout read(DeployTarget stage, String memo) {
        Properties props = new Properties();
        try {
            props.load(new StringReader(memo));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DeployTarget target = new DeployTarget(stage.cluster(), stage.namespace(), stage.workloadKind(),
                props.getProperty("workload", stage.workloadName()), stage.container(), stage.strategy(), stage.timeout());
        return new Deployer.Rollout(target, props.getProperty("previous"), props.getProperty("image"),
                Long.parseLong(props.getProperty("generation", "0")));
    }
}
