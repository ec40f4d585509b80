package dev.signoff.promotion.steps;

import dev.signoff.promotion.spi.ProgressListener;

/**
 * One kind of step in a stage's plan (copy, deploy, verify, …), found by {@link #name()}.
 * Contract: {@link #run} may be called again for the same promotion after a process stopped
 * part-way through it ({@link StepContext#resumed()}), so it checks what is already done before
 * changing anything, or refuses with the reason when it cannot know. A failure is a
 * {@link dev.signoff.promotion.spi.StepFailure} whose message is for the card. Runs on the
 * promotion's own (virtual) thread; progress may be reported from any thread.
 */
public interface StepKind {

    /** The name stages' plans use and cards show: "copy", "deploy". */
    String name();

    /** The step's first words on the card, before any progress ("watching the rollout"). */
    String describe(StepContext step);

    /** Carries the step out; returns the one-line summary the card keeps ("copied 3 blobs, 120 MB"). */
    String run(StepContext step, ProgressListener progress);

    /**
     * Whether a finished run left a memo that later steps or the undo need: a finished run
     * without one (stored before memos existed) counts as unfinished and is run again.
     */
    default boolean leavesMemo() {
        return false;
    }

    /** How to undo a finished run of this step when a later step fails; by default there is nothing to undo. */
    default Undo undo(StepContext step) {
        return Undo.NOTHING;
    }
}
