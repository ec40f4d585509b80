package dev.signoff.promotion;

import java.time.Instant;

/**
 * One step of a running promotion as shown on its card, e.g. copy: "120 MB of 200 MB".
 * {@code memo} is what a finished step left for the steps after it and for its own undo (the
 * deploy step: the rollout it started); it is stored with the step, so it survives a restart.
 */
public record Step(String name, State state, String detail, Instant startedAt, Instant finishedAt, String memo) {
    public enum State { RUNNING, DONE, FAILED }

    Step progressed(String newDetail) {
        return new Step(name, state, newDetail, startedAt, finishedAt, memo);
    }

    Step finished(State end, String newDetail, String newMemo, Instant at) {
        return new Step(name, end, newDetail, startedAt, at, newMemo);
    }

    public boolean isRunning() {
        return state == State.RUNNING;
    }

    public boolean isDone() {
        return state == State.DONE;
    }
}
