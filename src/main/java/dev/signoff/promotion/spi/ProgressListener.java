package dev.signoff.promotion.spi;

/**
 * Where an adapter reports how far a step has got, in words for the card ("2 of 3 updated"), and
 * asks whether the step is to stop.
 */
@FunctionalInterface
public interface ProgressListener {
    void progress(String detail);

    /**
     * Throws {@link Deployer.Aborted} when someone aborted the promotion; otherwise returns. An
     * adapter calls it where stopping leaves nothing half-done: while it waits (at least once a
     * second), between transfers, and before it writes what makes its work visible (a tag). Never
     * thrown from {@link #progress}, which adapters may call right after a change they must finish.
     */
    default void checkStopped() {
    }

    ProgressListener NONE = detail -> { };
}
