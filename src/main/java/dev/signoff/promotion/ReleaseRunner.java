package dev.signoff.promotion;

import dev.signoff.promotion.events.ReleaseChanged;
import dev.signoff.promotion.spi.AbortSignals;
import dev.signoff.promotion.spi.Deployments;
import dev.signoff.promotion.spi.PromotionStore;
import dev.signoff.promotion.spi.ReleaseOwnership;
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
 * The release is claimed under the store's version check, so it runs once, and held by this
 * process ({@link ReleaseOwnership}). The walk goes by what is stored, so a process that adopts a
 * release left by a stopped one ({@link #resume}) carries on where it stopped: finished members
 * are not run again, the member that ran is awaited (its own recovery resumes it), and put-backs
 * already made are not made twice.
 */
@Component
class ReleaseRunner {
    private static final Logger log = LoggerFactory.getLogger(ReleaseRunner.class);
    /** How long a member waits for its stage when another promotion runs there. */
    private static final Duration PATIENCE = Duration.ofMinutes(30);

    /** How often a member that runs (here or in another process) is looked at until it ends. */
    private static final Duration LOOK_AGAIN = Duration.ofMillis(500);

    private final ReleaseStore store;
    private final ReleaseOwnership ownership;
    private final Transitions transitions;
    private final StageQueue queue;
    private final PromotionFactory factory;
    private final Voting voting;
    private final Deployments deployments;
    private final Aborts aborts;
    private final Executor executor;
    private final Clock clock;

    ReleaseRunner(ReleaseStore store, ReleaseOwnership ownership, Transitions transitions, StageQueue queue, PromotionFactory factory, Voting voting,
                  Deployments deployments, Aborts aborts, Executor promotionExecutor, Clock clock) {
        this.store = store;
        this.ownership = ownership;
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

    /**
     * Takes up a release this process adopted from one that stopped: an approved one is started, a
     * running one is walked on from what its members' stored states say.
     */
    void resume(String releaseId) {
        executor.execute(() -> store.findRelease(releaseId).ifPresent(r -> {
            if (r.status() == PromotionStatus.APPROVED) {
                run(releaseId);
            } else if (r.status() == PromotionStatus.RUNNING) {
                ownership.hold(releaseId);
                // an abort asked for before the process stopped counts from the first member on
                aborts.requested(releaseId).ifPresent(a -> aborts.request(releaseId, a.person(), a.reason()));
                walkGuarded(r);
            }
        }));
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
        ownership.hold(releaseId);
        walkGuarded(r);
    }

    private void walkGuarded(ReleaseRequest r) {
        String releaseId = r.id();
        aborts.watch(releaseId);
        boolean ended = true;
        try {
            walk(r);
        } catch (Interrupted e) {
            ended = false; // its abort request, if any, stays for the process that takes it up
            log.info("release {} stays running: Signoff stopped while it waited for {}; another process takes it up", releaseId, e.getMessage());
        } catch (RuntimeException e) {
            String ref = Ids.errorReference();
            log.error("release {} failed unexpectedly (ref {})", releaseId, ref, e);
            ReleaseRequest now = store.findRelease(releaseId).orElseThrow();
            if (!now.status().isTerminal()) {
                end(now, PromotionStatus.FAILED, "something went wrong (ref " + ref + ")");
            }
        } finally {
            if (ended) {
                aborts.forget(releaseId);
            }
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
            PromotionRequest m = runOrAwait(id);
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

    /**
     * Puts back what ran in the member's stage before it, by a promotion that is part of the
     * release; one made before a crash is carried on (or read, when it ended), not made again.
     */
    private void putBack(ReleaseRequest r, PromotionRequest m, List<String> putBack, List<String> notes) {
        Optional<Digest> before = before(m);
        if (before.isEmpty()) {
            notes.add(m.app() + " stays at " + m.digest().shortForm() + ": nothing ran in " + m.toStage() + " before it");
            return;
        }
        ReleaseRequest current = store.findRelease(r.id()).orElseThrow();
        Optional<String> earlier = current.undos().stream().filter(u -> transitions.load(u).app().equals(m.app())).findFirst();
        String undoId;
        if (earlier.isPresent()) {
            undoId = earlier.get();
        } else {
            PromotionRequest undo = factory.releaseUndo(m, before.get());
            current.undoneBy(undo.id(), clock.instant());
            save(current); // before the promotion is saved, so that it is not taken for one of its own
            transitions.save(undo);
            undoId = undo.id();
        }
        PromotionRequest ended = runOrAwait(undoId);
        if (ended.status() == PromotionStatus.SUCCEEDED) {
            putBack.add(m.app() + " back at " + before.get().shortForm());
        } else {
            notes.add(m.app() + " could not be put back: " + ended.statusReason());
        }
    }

    /**
     * Runs the promotion if it is approved and waits until it has ended: after a crash it may
     * already run (resumed by the recovery of promotions, here or in another process) or have ended.
     */
    private PromotionRequest runOrAwait(String id) {
        if (transitions.load(id).status() == PromotionStatus.APPROVED) {
            queue.runNow(id, PATIENCE);
        }
        for (PromotionRequest p = transitions.load(id); ; p = transitions.load(id)) {
            if (p.status().isTerminal()) {
                return p;
            }
            try {
                Thread.sleep(LOOK_AGAIN.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Interrupted(p.app() + " " + p.toStage() + " (" + id + ")");
            }
        }
    }

    /** This process stops while the release waits for a member: the release is left for another process to adopt. */
    private static final class Interrupted extends RuntimeException {
        Interrupted(String what) {
            super(what, null, false, false);
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
