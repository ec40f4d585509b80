package dev.signoff.promotion;

import dev.signoff.promotion.events.ReleaseChanged;
import dev.signoff.promotion.spi.AbortSignals;
import dev.signoff.promotion.spi.Deployments;
import dev.signoff.promotion.spi.PromotionStore;
import dev.signoff.promotion.spi.ReleaseStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Runs an approved release: its members one after the other in the release's order, each with its
 * own steps through the {@link StageQueue} (under its stage's lease, as any promotion). All or
 * nothing: when a member does not succeed (it has undone its own steps) or someone aborts, the
 * members that finished are put back in reverse order, each by a promotion of what ran before it
 * (its tag and its workload, as a rollback does), and the members not yet started never start.
 * The release is claimed under the store's version check, so it runs once.
 */
@Component
class ReleaseRunner {
    private static final Logger log = LoggerFactory.getLogger(ReleaseRunner.class);
    /** How long a member waits for its stage when another promotion runs there. */
    private static final Duration PATIENCE = Duration.ofMinutes(30);

    private final ReleaseStore store;
    private final Transitions transitions;
    private final StageQueue queue;
    private final PromotionFactory factory;
    private final Voting voting;
    private final Deployments deployments;
    private final Aborts aborts;
    private final Executor executor;
    private final Clock clock;

    ReleaseRunner(ReleaseStore store, Transitions transitions, StageQueue queue, PromotionFactory factory, Voting voting,
                  Deployments deployments, Aborts aborts, Executor promotionExecutor, Clock clock) {
        this.store = store;
        this.transitions = transitions;
        this.queue = queue;
        this.factory = factory;
        this.voting = voting;
        this.deployments = deployments;
        this.aborts = aborts;
        this.executor = promotionExecutor;
        this.clock = clock;
    }

    void submit(String releaseId) {
        executor.execute(() -> run(releaseId));
    }

    private void run(String releaseId) {
        ReleaseRequest r = store.findRelease(releaseId).orElse(null);
        if (r == null || r.status() != PromotionStatus.APPROVED) {
            return;
        }
        r.start(clock.instant());
        try {
            save(r);
        } catch (PromotionStore.ConcurrentChange e) {
            log.info("release {} was claimed by another runner", releaseId);
            return;
        }
        aborts.watch(releaseId);
        try {
            walk(r);
        } catch (RuntimeException e) {
            String ref = Ids.errorReference();
            log.error("release {} failed unexpectedly (ref {})", releaseId, ref, e);
            ReleaseRequest now = store.findRelease(releaseId).orElseThrow();
            if (!now.status().isTerminal()) {
                end(now, PromotionStatus.FAILED, "something went wrong (ref " + ref + ")");
            }
        } finally {
            aborts.forget(releaseId);
        }
    }

    private void walk(ReleaseRequest r) {
        List<PromotionRequest> done = new ArrayList<>();
        String stopped = null;
        boolean aborted = false;
        for (String id : r.members()) {
            Optional<AbortSignals.Request> abort = aborts.requested(r.id());
            if (stopped == null && abort.isPresent()) {
                stopped = Aborts.words(abort.get());
                aborted = true;
            }
            if (stopped != null) {
                voting.withdraw(id, "signoff", "not started: release " + r.name() + " stopped (" + stopped + ")");
                aborts.forget(id);
                continue;
            }
            queue.runNow(id, PATIENCE);
            PromotionRequest m = transitions.load(id);
            if (m.status() == PromotionStatus.SUCCEEDED) {
                done.add(m);
            } else {
                aborted = m.status() == PromotionStatus.ABORTED;
                stopped = m.app() + " " + (aborted ? "was aborted" : "failed") + ": " + m.statusReason();
            }
        }
        if (stopped == null) {
            end(r, PromotionStatus.SUCCEEDED, "deployed " + String.join(", ", done.stream()
                    .map(m -> m.app() + " " + m.digest().shortForm()).toList()));
            return;
        }
        List<String> putBack = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (PromotionRequest m : done.reversed()) {
            putBack(r, m, putBack, notes);
        }
        List<String> words = new ArrayList<>(List.of(stopped));
        words.add(putBack.isEmpty() ? "nothing had finished before, so nothing was put back" : "put back: " + String.join(", ", putBack));
        words.addAll(notes);
        List<String> notStarted = r.members().stream().map(transitions::load).filter(m -> m.status() == PromotionStatus.CANCELLED)
                .map(PromotionRequest::app).toList();
        if (!notStarted.isEmpty()) {
            words.add("not started: " + String.join(", ", notStarted));
        }
        end(store.findRelease(r.id()).orElseThrow(), aborted ? PromotionStatus.ABORTED
                : putBack.isEmpty() ? PromotionStatus.FAILED : PromotionStatus.ROLLED_BACK, String.join("; ", words));
    }

    /** Puts back what ran in the member's stage before it, by a promotion that is part of the release. */
    private void putBack(ReleaseRequest r, PromotionRequest m, List<String> putBack, List<String> notes) {
        Optional<Digest> before = before(m);
        if (before.isEmpty()) {
            notes.add(m.app() + " stays at " + m.digest().shortForm() + ": nothing ran in " + m.toStage() + " before it");
            return;
        }
        PromotionRequest undo = factory.releaseUndo(m, before.get());
        ReleaseRequest current = store.findRelease(r.id()).orElseThrow();
        current.undoneBy(undo.id(), clock.instant());
        save(current); // before the promotion is saved, so that it is not taken for one of its own
        transitions.save(undo);
        queue.runNow(undo.id(), PATIENCE);
        PromotionRequest ended = transitions.load(undo.id());
        if (ended.status() == PromotionStatus.SUCCEEDED) {
            putBack.add(m.app() + " back at " + before.get().shortForm());
        } else {
            notes.add(m.app() + " could not be put back: " + ended.statusReason());
        }
    }

    /** What ran in the member's stage before the member; empty when nothing did (or it had been sunset). */
    private Optional<Digest> before(PromotionRequest m) {
        List<StageDeployment> history = deployments.history(m.app(), m.toStage(), 100);
        for (int i = 0; i < history.size(); i++) {
            if (m.id().equals(history.get(i).promotionId())) {
                return i + 1 < history.size() && history.get(i + 1).kind() != PromotionKind.SUNSET
                        ? Optional.of(history.get(i + 1).digest()) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private void end(ReleaseRequest r, PromotionStatus end, String reason) {
        r.finish(end, reason, clock.instant());
        save(r);
        transitions.audit(r, "signoff", "release finish", end.name().toLowerCase(), reason);
    }

    private void save(ReleaseRequest r) {
        store.save(r);
        transitions.publish(new ReleaseChanged(r.id(), r.name(), r.stage(), false));
    }
}
