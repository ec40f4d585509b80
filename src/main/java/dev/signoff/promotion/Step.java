package dev.signoff.promotion;

import java.time.Instant;

/** One step of a running promotion as shown on its card, e.g. copy: "120 MB of 200 MB". */
public record Step(String name, State state, String detail, Instant startedAt, Instant finishedAt) {
    public enum State { RUNNING, DONE, FAILED }

    Step progressed(String newDetail) {
        return new Step(name, state, newDetail, startedAt, finishedAt);
    }

    Step finished(State end, String newDetail, Instant at) {
        return new Step(name, end, newDetail, startedAt, at);
    }
}
