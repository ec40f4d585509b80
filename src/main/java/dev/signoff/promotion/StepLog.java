package dev.signoff.promotion;

import dev.signoff.promotion.events.StepProgressed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A promotion's steps in the order they ran, as its card shows them. A step's start and end are
 * recorded as an event and an audit entry, its progress as an event only (it is for the card), a
 * measurement of the analysis as an audit entry only. Every change is refused unless the promotion
 * is running. Part of the aggregate, reached only through it; several runs of one step (an
 * interrupted copy, then the copy again) each keep their own entry.
 */
final class StepLog {
    private final PromotionRequest promotion;
    private final List<Step> steps;
    private final Journal journal;

    StepLog(PromotionRequest promotion, List<Step> steps, Journal journal) {
        this.promotion = promotion;
        this.steps = new ArrayList<>(steps);
        this.journal = journal;
    }

    void start(String name, String detail, Instant now) {
        requireRunning("start step " + name);
        steps.add(new Step(name, Step.State.RUNNING, detail, now, null, null));
        record(name, Step.State.RUNNING, detail, now);
    }

    /** Progress within the running step; not audited, it is only for the card. */
    void progress(String name, String detail, Instant now) {
        requireRunning("report progress");
        int i = running(name);
        steps.set(i, steps.get(i).progressed(detail));
        journal.publish(event(name, Step.State.RUNNING, detail), now);
    }

    void end(String name, Step.State end, String detail, String memo, Instant now) {
        requireRunning("finish step " + name);
        int i = running(name);
        steps.set(i, steps.get(i).finished(end, detail, memo, now));
        record(name, end, detail, now);
    }

    /** Fails every step still running, innermost first. */
    void failRunning(String reason, Instant now) {
        requireRunning("fail its running steps");
        for (String name : steps.reversed().stream().filter(Step::isRunning).map(Step::name).toList()) {
            end(name, Step.State.FAILED, reason, null, now);
        }
    }

    /** A measurement of the analysis, audited only: the card shows it as the running step's progress. */
    void measured(String query, String outcome, String detail, Instant now) {
        requireRunning("record a measurement");
        journal.record(null, "signoff", "measure " + query, outcome, detail, now);
    }

    /** The step being carried out while the promotion runs: the innermost one (a pause inside a deploy). */
    Optional<Step> running() {
        return promotion.status() != PromotionStatus.RUNNING ? Optional.empty()
                : steps.reversed().stream().filter(Step::isRunning).findFirst();
    }

    Optional<Step> lastFinished(String name) {
        return steps.reversed().stream().filter(s -> s.name().equals(name) && s.isDone()).findFirst();
    }

    Optional<Step> last() {
        return steps.isEmpty() ? Optional.empty() : Optional.of(steps.getLast());
    }

    List<Step> list() {
        return List.copyOf(steps);
    }

    private void record(String name, Step.State state, String detail, Instant now) {
        journal.record(event(name, state, detail), "signoff", "step " + name, state.name().toLowerCase(), detail, now);
    }

    private StepProgressed event(String name, Step.State state, String detail) {
        return new StepProgressed(promotion.id(), promotion.app(), promotion.toStage(), name, state, detail);
    }

    private void requireRunning(String what) {
        if (!promotion.status().isRunning()) {
            throw new IllegalStateException("Promotion " + promotion.id() + " cannot " + what + ": it is " + promotion.status().words()
                    + ", not running.");
        }
    }

    private int running(String name) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).name().equals(name) && steps.get(i).isRunning()) {
                return i;
            }
        }
        throw new IllegalStateException("Promotion " + promotion.id() + " has no running step '" + name + "'.");
    }
}
