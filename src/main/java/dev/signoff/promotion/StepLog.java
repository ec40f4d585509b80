package dev.signoff.promotion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A promotion's steps in the order they ran, as its card shows them. Only the aggregate changes
 * it, after checking that the promotion is running; several runs of one step (an interrupted copy,
 * then the copy again) each keep their own entry.
 */
final class StepLog {
    private final String promotionId;
    private final List<Step> steps;

    StepLog(String promotionId, List<Step> steps) {
        this.promotionId = promotionId;
        this.steps = new ArrayList<>(steps);
    }

    void start(String name, String detail, Instant now) {
        steps.add(new Step(name, Step.State.RUNNING, detail, now, null, null));
    }

    void progress(String name, String detail) {
        int i = running(name);
        steps.set(i, steps.get(i).progressed(detail));
    }

    void end(String name, Step.State end, String detail, String memo, Instant now) {
        int i = running(name);
        steps.set(i, steps.get(i).finished(end, detail, memo, now));
    }

    /** The names of the steps still running, innermost first. */
    List<String> runningNames() {
        return steps.reversed().stream().filter(Step::isRunning).map(Step::name).toList();
    }

    Optional<Step> innermostRunning() {
        return steps.reversed().stream().filter(Step::isRunning).findFirst();
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

    private int running(String name) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).name().equals(name) && steps.get(i).isRunning()) {
                return i;
            }
        }
        throw new IllegalStateException("Promotion " + promotionId + " has no running step '" + name + "'.");
    }
}
