package dev.signoff.promotion;

import dev.signoff.promotion.events.PromotionDecided;
import dev.signoff.promotion.events.ReleaseChanged;
import dev.signoff.promotion.spi.PromotionStore;
import dev.signoff.promotion.spi.ReleaseStore;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Releases: several apps promoted into one stage with one card. Each member is an ordinary
 * promotion that keeps its own policy and votes; a vote on the release is checked against every
 * member first (refused naming the app it may not approve) and then recorded on each, so the
 * members stay the single truth for per-app policy. Once every member is approved the
 * {@link ReleaseRunner} runs them in order. A reject, cancel or expiry applies to the whole release.
 */
@Service
public class Releases {
    private final PipelineConfig config;
    private final ReleaseMembers factory;
    private final Voting voting;
    private final Approvers approvers;
    private final Transitions transitions;
    private final ReleaseStore store;
    private final ReleaseRunner runner;
    private final Aborts aborts;
    private final Clock clock;

    Releases(PipelineConfig config, ReleaseMembers factory, Voting voting, Approvers approvers, Transitions transitions,
             ReleaseStore store, ReleaseRunner runner, Aborts aborts, Clock clock) {
        this.config = config;
        this.factory = factory;
        this.voting = voting;
        this.approvers = approvers;
        this.transitions = transitions;
        this.store = store;
        this.runner = runner;
        this.aborts = aborts;
        this.clock = clock;
    }

    /** {@code /signoff promote <release> to <stage>}: one member promotion per app, one card. */
    public ReleaseRequest promote(String person, String name, String reference, String stage) {
        ReleaseConfig release = config.release(name).orElseThrow(() -> new Refusal("I don't know a release called '" + name + "'."));
        List<PromotionRequest> members;
        try {
            members = factory.open(person, release, reference, stage);
        } catch (Refusal r) {
            transitions.audit(person, "release request", null, stage, null, "refused", name + ": " + r.getMessage());
            throw r;
        }
        ReleaseRequest r = ReleaseRequest.open(Ids.newId(), name, stage, person, members.stream().map(PromotionRequest::id).toList(),
                clock.instant());
        store.save(r); // before the members, so that no member is taken for a promotion of its own
        for (PromotionRequest m : members) {
            transitions.save(m);
            voting.supersede(m);
        }
        transitions.audit(r, person, "release request", "ok", name + " to " + stage + ": " + String.join(", ",
                members.stream().map(m -> m.app() + " " + m.digest().shortForm()).toList()));
        transitions.publish(new ReleaseChanged(r.id(), name, stage, true));
        return startIfApproved(r);
    }

    /** A vote for the whole release: it must be one every member's policy accepts. */
    public ReleaseRequest approve(String person, String id) {
        return audited(person, "release vote", id, r -> {
            List<PromotionRequest> members = checkVote(person, r);
            for (PromotionRequest m : members) {
                if (m.status() == PromotionStatus.PENDING_APPROVAL) {
                    voting.approve(person, m.id(), null);
                }
            }
            transitions.audit(r, person, "release vote", "ok", "approved " + r.name() + " to " + r.stage());
            return startIfApproved(load(id));
        });
    }

    /** Why {@code person}'s vote on release {@code id} would be refused now, or empty when it would count; changes nothing. */
    public Optional<Refusal> approvalRefusal(String person, String id) {
        try {
            checkVote(person, load(id));
            return Optional.empty();
        } catch (Refusal refusal) {
            return Optional.of(refusal);
        }
    }

    /** The members, once it is sure that a vote by {@code person} counts for each one still waiting. */
    private List<PromotionRequest> checkVote(String person, ReleaseRequest r) {
        List<PromotionRequest> members = waitingMembers(r);
        for (PromotionRequest m : members) {
            if (m.hasVoted(person)) {
                throw new Refusal("You have already voted on release " + r.id() + ".");
            }
        }
        checkApprover(person, r, members);
        return members;
    }

    /** A reject turns the whole release down; the reason is shown on its card. */
    public ReleaseRequest reject(String person, String id, String reason) {
        return audited(person, "release reject", id, r -> {
            if (reason == null || reason.isBlank()) {
                throw new Refusal("A reject needs a reason, so the requester knows what to fix.");
            }
            List<PromotionRequest> members = waitingMembers(r);
            checkApprover(person, r, members);
            close(r, PromotionStatus.REJECTED, "rejected by " + person + ": " + reason.strip(), person);
            members.stream().filter(m -> m.status() == PromotionStatus.PENDING_APPROVAL).findFirst().ifPresent(m -> {
                try {
                    voting.reject(person, m.id(), reason, null);
                } catch (Refusal alreadyVoted) {
                    // the reject stands on the release; the member is withdrawn below like the others
                }
            });
            members.forEach(m -> voting.withdraw(m.id(), person, "release " + r.name() + " was rejected by " + person));
            return load(id);
        });
    }

    /** The requester, or someone who may approve every member, withdraws the release before it runs. */
    public ReleaseRequest cancel(String person, String id) {
        return audited(person, "release cancel", id, r -> {
            List<PromotionRequest> members = waitingMembers(r);
            requireRequesterOrApprover(person, r, members, "cancel");
            close(r, PromotionStatus.CANCELLED, "cancelled by " + person, person);
            members.forEach(m -> voting.withdraw(m.id(), person, "release " + r.name() + " was cancelled by " + person));
            return load(id);
        });
    }

    /**
     * Stops an approved release: the member that runs is aborted as any promotion is, the members
     * that finished are put back in reverse order, and the rest never start ({@link ReleaseRunner}).
     */
    public ReleaseRequest abort(String person, String id, String reason) {
        return audited(person, "release abort", id, r -> {
            List<PromotionRequest> members = members(r);
            requireRequesterOrApprover(person, r, members, "abort");
            if (r.status().isTerminal()) {
                throw new Refusal("Release " + id + " has already finished: it is " + r.status().words() + ".");
            }
            if (r.status() == PromotionStatus.PENDING_APPROVAL) {
                throw new Refusal("Release " + id + " has not started, so there is nothing to abort; withdraw it with /signoff cancel " + id + ".");
            }
            if (aborts.requested(id).isPresent()) {
                throw new Refusal("Release " + id + " is already being aborted (" + Aborts.words(aborts.requested(id).get()) + ").");
            }
            String why = reason == null || reason.isBlank() ? null : reason.strip();
            aborts.request(id, person, why);
            members.stream().filter(m -> !m.status().isTerminal()).findFirst().ifPresent(m -> aborts.request(m.id(), person, why));
            transitions.audit(r, person, "release abort", "requested", why);
            return load(id);
        });
    }

    public Optional<ReleaseRequest> find(String id) {
        return store.findRelease(id);
    }

    /** The id of the release a promotion belongs to, if any (one read, for each event of every promotion). */
    public Optional<String> releaseIdOf(String promotionId) {
        return store.releaseOf(promotionId);
    }

    /** The release a promotion belongs to, if any. */
    public Optional<ReleaseRequest> ofPromotion(String promotionId) {
        return store.releaseOf(promotionId).flatMap(store::findRelease);
    }

    /** The newest release of that name. */
    public Optional<ReleaseRequest> latest(String name) {
        return store.latestRelease(name);
    }

    /** The member promotions in running order. */
    public List<PromotionRequest> members(ReleaseRequest r) {
        return r.members().stream().map(transitions::load).toList();
    }

    /** The promotions that put finished members back, in the order they ran. */
    public List<PromotionRequest> undos(ReleaseRequest r) {
        return r.undos().stream().map(transitions::load).toList();
    }

    /**
     * A member closed on its own while the release waited (it expired, was superseded, or its
     * source moved): the whole release closes with it, and its other members are withdrawn.
     */
    @EventListener
    public void on(PromotionDecided decided) {
        if (!EnumSet.of(PromotionStatus.EXPIRED, PromotionStatus.CANCELLED, PromotionStatus.REJECTED).contains(decided.outcome())) {
            return;
        }
        ofPromotion(decided.promotionId())
                .filter(r -> r.status() == PromotionStatus.PENDING_APPROVAL || r.status() == PromotionStatus.APPROVED)
                .ifPresent(r -> {
                    String why = decided.app() + " " + decided.outcome().words() + (decided.reason() != null ? ": " + decided.reason() : "");
                    close(r, decided.outcome(), why, decided.by());
                    r.members().forEach(m -> voting.withdraw(m, "signoff", "release " + r.name() + " " + r.status().words() + ": " + why));
                });
    }

    private ReleaseRequest startIfApproved(ReleaseRequest r) {
        if (r.status() == PromotionStatus.PENDING_APPROVAL
                && members(r).stream().allMatch(m -> m.status() == PromotionStatus.APPROVED)) {
            r.approve(clock.instant());
            try {
                store.save(r);
            } catch (PromotionStore.ConcurrentChange lost) {
                return load(r.id()); // another vote approved it at the same time; that one starts it
            }
            transitions.audit(r, "signoff", "release approve", "ok", "every member's policy is met");
            transitions.publish(new ReleaseChanged(r.id(), r.name(), r.stage(), false));
            runner.submit(r.id());
            return load(r.id());
        }
        return r;
    }

    private void close(ReleaseRequest r, PromotionStatus end, String reason, String by) {
        r.close(end, reason, clock.instant());
        store.save(r);
        transitions.audit(r, by, "release " + end.words(), "ok", reason);
        transitions.publish(new ReleaseChanged(r.id(), r.name(), r.stage(), false));
    }

    /** The members of a release still waiting for approval; refused when the release no longer waits. */
    private List<PromotionRequest> waitingMembers(ReleaseRequest r) {
        if (r.status() != PromotionStatus.PENDING_APPROVAL) {
            throw new Refusal("Release " + r.id() + " is no longer waiting for approval: it is " + r.status().words()
                    + (r.statusReason() != null ? " (" + r.statusReason() + ")" : "") + ".");
        }
        return members(r);
    }

    /**
     * Refuses, naming the app, when {@code person} may not approve one of the members still waiting
     * for approval (a member whose policy is already met needs no more votes, so it asks nothing of them).
     */
    private void checkApprover(String person, ReleaseRequest r, List<PromotionRequest> members) {
        for (PromotionRequest m : members) {
            if (m.status() != PromotionStatus.PENDING_APPROVAL) {
                continue;
            }
            ApprovalPolicy policy = voting.policyOf(m);
            Eligibility eligibility = approvers.of(policy, person);
            if (!eligibility.isApprover()) {
                throw eligibility.refusal("You may not approve " + m.app() + " in " + m.toStage() + "; its approvers are "
                        + String.join(", ", policy.approvers()) + ".");
            }
            if (!policy.selfApproval() && person.equals(r.requestedBy())) {
                throw new Refusal("You asked for release " + r.name() + ", and " + m.app() + " " + m.toStage()
                        + " needs someone else to approve it.");
            }
        }
    }

    /** The requester, or someone who may approve every app of the release, may cancel or abort it. */
    private void requireRequesterOrApprover(String person, ReleaseRequest r, List<PromotionRequest> members, String verb) {
        if (person.equals(r.requestedBy())) {
            return;
        }
        for (PromotionRequest m : members) {
            ApprovalPolicy policy = voting.policyOf(m);
            Eligibility eligibility = policy.isAutomatic() ? Eligibility.APPROVER : approvers.of(policy, person);
            if (!eligibility.isApprover()) {
                throw eligibility.refusal("Only " + r.requestedBy() + ", who asked for release " + r.id() + ", or someone who may approve"
                        + " each of its apps can " + verb + " it; you may not approve " + m.app() + " in " + m.toStage() + ".");
            }
        }
    }

    private ReleaseRequest load(String id) {
        return store.findRelease(id).orElseThrow(() -> new Refusal("There is no release '" + id + "'."));
    }

    private ReleaseRequest audited(String person, String action, String id, java.util.function.Function<ReleaseRequest, ReleaseRequest> work) {
        ReleaseRequest r = load(id);
        try {
            return work.apply(r);
        } catch (Refusal refusal) {
            transitions.audit(r, person, action, "refused", refusal.getMessage());
            throw refusal;
        }
    }

    /** Every promotion of the release: members, then undos. */
    public List<PromotionRequest> all(ReleaseRequest r) {
        return Stream.concat(members(r).stream(), undos(r).stream()).toList();
    }
}
