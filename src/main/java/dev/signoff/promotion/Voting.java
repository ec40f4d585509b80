package dev.signoff.promotion;

import dev.signoff.promotion.spi.ImageRegistry;
import dev.signoff.promotion.spi.PromotionQueries;
import dev.signoff.promotion.spi.PromotionStore;
import dev.signoff.promotion.spi.StepFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * Changes to a promotion while it waits for approval: votes, rejects, cancels and expiry.
 * Safe under any number of concurrent clicks: changes to one promotion are serialised in this
 * process, and the store's version check (plus the one-vote-per-person key) holds across
 * replicas; a lost race reloads and tries again, and a repeated vote is refused in words.
 */
@Component
class Voting {
    private static final Logger log = LoggerFactory.getLogger(Voting.class);
    private static final int ATTEMPTS = 25;

    private final PipelineConfig config;
    private final Approvers approvers;
    private final Transitions transitions;
    private final ImageRegistry registry;
    private final PromotionQueries queries;
    private final Clock clock;
    private final Object[] monitors = new Object[64];

    Voting(PipelineConfig config, Approvers approvers, Transitions transitions, ImageRegistry registry,
           PromotionQueries queries, Clock clock) {
        this.config = config;
        this.queries = queries;
        this.approvers = approvers;
        this.transitions = transitions;
        this.registry = registry;
        this.clock = clock;
        java.util.Arrays.setAll(monitors, i -> new Object());
    }

    PromotionRequest approve(String person, String id, Digest seen) {
        PromotionRequest before = transitions.load(id);
        Digest moved = sourceMovedTo(before);
        Eligibility eligibility = eligibility(before, person);
        return change(id, p -> {
            Refusal stop = closeIfStale(p, moved);
            if (stop == null) {
                p.approve(person, seen, policyOf(p), eligibility, clock.instant());
            }
            return stop;
        });
    }

    /**
     * Why {@code person}'s approval of {@code id} would be refused now, or empty when it would
     * count. Changes nothing (a source tag that moved is found out, and acted on, by the vote itself).
     */
    Optional<Refusal> approvalRefusal(String person, String id, Digest seen) {
        try {
            PromotionRequest p = transitions.load(id);
            return p.voteRefusal(person, seen, policyOf(p), eligibility(p, person), clock.instant());
        } catch (Refusal gone) {
            return Optional.of(gone);
        }
    }

    PromotionRequest reject(String person, String id, String reason, Digest seen) {
        Eligibility eligibility = eligibility(transitions.load(id), person);
        return change(id, p -> {
            Refusal stop = closeIfStale(p, null);
            if (stop == null) {
                p.reject(person, reason, seen, policyOf(p), eligibility, clock.instant());
            }
            return stop;
        });
    }

    PromotionRequest cancel(String person, String id) {
        PromotionRequest before = transitions.load(id);
        Eligibility eligibility = approvers.ofRequesterOrApprover(before, policyOf(before), person);
        return change(id, p -> {
            if (!eligibility.isApprover()) {
                throw eligibility.refusal("Only " + p.requestedBy() + ", who asked for promotion " + id + ", or one of its approvers can cancel it.");
            }
            p.cancel(person, "cancelled by " + person, clock.instant());
            return null;
        });
    }

    /** Withdraws a promotion that has not started, for its release; changes nothing once it has. */
    void withdraw(String id, String by, String reason) {
        change(id, p -> {
            if (p.canBeCancelled()) {
                p.cancel(by, reason, clock.instant());
            }
            return null;
        });
    }

    /**
     * Aborts an approved promotion that has not started; returns false, changing nothing, when it
     * is no longer APPROVED (the runner claimed it, so the abort must reach the run).
     */
    boolean abortUnstarted(String id, String person, String why) {
        PromotionRequest p = change(id, q -> {
            if (q.status() == PromotionStatus.APPROVED) {
                q.abort(person, "aborted by " + person + " before it started" + (why != null ? ": " + why : ""), clock.instant());
            }
            return null;
        });
        return p.status() == PromotionStatus.ABORTED;
    }

    /** Expires the promotion if its time has run out; returns whether it did. */
    boolean expire(String id) {
        PromotionRequest p = change(id, q -> {
            if (q.isExpiredAt(clock.instant())) {
                q.expire(clock.instant());
            }
            return null;
        });
        return p.status() == PromotionStatus.EXPIRED;
    }

    /**
     * {@code done} moved its stage's tag: cards waiting to take that stage's old image on to the
     * next stage are void, and say so.
     */
    void stageMoved(PromotionRequest done) {
        config.stage(done.app(), done.toStage()).flatMap(stage -> config.requireApp(done.app()).next(stage)).ifPresent(next ->
                queries.inStatus(done.app(), next.name(), PromotionStatus.PENDING_APPROVAL).stream()
                        .filter(waiting -> waiting.kind() == PromotionKind.PROMOTE && waiting.source().equals(done.target()))
                        .filter(waiting -> !waiting.digest().equals(done.digest()))
                        .forEach(waiting -> sourceMoved(waiting.id(), done.digest())));
    }

    /**
     * {@code newer} asks to put another digest in its stage: the cards still waiting there are
     * cancelled as superseded by it, unless the stage keeps them ({@code supersede: false}).
     */
    void supersede(PromotionRequest newer) {
        if (newer.kind() == PromotionKind.SUNSET || !config.stage(newer.app(), newer.toStage()).map(Stage::supersede).orElse(false)) {
            return;
        }
        queries.inStatus(newer.app(), newer.toStage(), PromotionStatus.PENDING_APPROVAL).stream()
                .filter(waiting -> !waiting.id().equals(newer.id()) && !waiting.digest().equals(newer.digest()))
                .forEach(waiting -> change(waiting.id(), p -> {
                    if (p.status() == PromotionStatus.PENDING_APPROVAL) {
                        p.supersede(newer, clock.instant());
                    }
                    return null;
                }));
    }

    /** The source tag of a waiting promotion now points elsewhere: its votes no longer count. */
    void sourceMoved(String id, Digest now) {
        change(id, p -> {
            if (p.status() == PromotionStatus.PENDING_APPROVAL && !p.digest().equals(now)) {
                p.cancel("signoff", movedReason(p, now), clock.instant());
            }
            return null;
        });
    }

    private Refusal closeIfStale(PromotionRequest p, Digest moved) {
        if (p.isExpiredAt(clock.instant())) {
            p.expire(clock.instant());
            return new Refusal("Promotion " + p.id() + " has expired; ask for it again with /signoff promote "
                    + p.app() + " to " + p.toStage() + ".");
        }
        if (moved != null && p.status() == PromotionStatus.PENDING_APPROVAL) {
            String reason = movedReason(p, moved);
            p.cancel("signoff", reason, clock.instant());
            return new Refusal(reason);
        }
        return null;
    }

    private static String movedReason(PromotionRequest p, Digest now) {
        return p.source() + " moved to " + now.shortForm() + " while this card was open, so the votes for "
                + p.digest().shortForm() + " no longer count. Ask again: /signoff promote " + p.app() + " to " + p.toStage() + ".";
    }

    /** Where the promotion's source tag points now, when that differs from its digest; null if same or unknown. */
    private Digest sourceMovedTo(PromotionRequest p) {
        if (p.kind() != PromotionKind.PROMOTE || p.source().isPinned() || p.status() != PromotionStatus.PENDING_APPROVAL) {
            return null;
        }
        try {
            Digest now = registry.resolve(p.source());
            return now.equals(p.digest()) ? null : now;
        } catch (StepFailure e) {
            log.info("could not check whether {} moved: {}", p.source(), e.getMessage());
            return null;
        }
    }

    ApprovalPolicy policyOf(PromotionRequest p) {
        return policy(p).orElseThrow(() -> new Refusal(p.app() + " " + p.toStage() + (p.isBreakGlass()
                ? " has no break-glass policy in the pipelines config any more, so this break-glass promotion cannot be approved."
                : " is no longer in the pipelines config.")));
    }

    /** The stage's policy, or its break-glass policy for a promotion through a freeze (none when that is gone from the config). */
    private Optional<ApprovalPolicy> policy(PromotionRequest p) {
        return config.stage(p.app(), p.toStage()).filter(s -> !p.isBreakGlass() || s.breakGlass() != null).map(s -> s.approvalFor(p));
    }

    /**
     * Whether {@code person} may vote on {@code p}, asked before the promotion's monitor is taken
     * (it may wait on a chat platform). A stage gone from the config is refused inside the change.
     */
    private Eligibility eligibility(PromotionRequest p, String person) {
        return policy(p).map(policy -> approvers.of(policy, person)).orElse(Eligibility.NOT_APPROVER);
    }

    /**
     * Loads, changes and saves, retrying on a lost race. {@code change} returns a refusal to
     * throw after saving (the change it made, such as an expiry, is kept), or null.
     */
    private PromotionRequest change(String id, Function<PromotionRequest, Refusal> change) {
        synchronized (monitors[Math.floorMod(id.hashCode(), monitors.length)]) {
            for (int attempt = 1; ; attempt++) {
                PromotionRequest p = transitions.load(id);
                Refusal after = change.apply(p);
                try {
                    transitions.save(p);
                } catch (PromotionStore.ConcurrentChange e) {
                    if (attempt == ATTEMPTS) {
                        throw e;
                    }
                    continue;
                }
                if (after != null) {
                    throw after;
                }
                return p;
            }
        }
    }
}
