package dev.signoff.promotion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.signoff.promotion.PromotionStatus.*;

/**
 * A release on its way into one stage: its member promotions (one per app, in the order they
 * run), each an ordinary {@link PromotionRequest} that keeps its own votes, steps and policy, and
 * the promotions that put finished members back when a later one failed ({@code undos}). The
 * release's own state follows the same words as a promotion's; only this class changes it, one
 * method per move. Not thread-safe: load, change and save it under the store's version check.
 */
public final class ReleaseRequest {
    private final String id;
    private final String name;
    private final String stage;
    private final String requestedBy;
    private final Instant requestedAt;
    private final List<String> members;
    private final List<String> undos;
    private PromotionStatus status;
    private String statusReason;
    private Instant updatedAt;
    private long version;

    private ReleaseRequest(Snapshot s) {
        this.id = s.id();
        this.name = s.name();
        this.stage = s.stage();
        this.requestedBy = s.requestedBy();
        this.requestedAt = s.requestedAt();
        this.members = List.copyOf(s.members());
        this.undos = new ArrayList<>(s.undos());
        this.status = s.status();
        this.statusReason = s.statusReason();
        this.updatedAt = s.updatedAt();
        this.version = s.version();
    }

    /** A new release waiting for approval, of the given member promotions in running order. */
    static ReleaseRequest open(String id, String name, String stage, String requestedBy, List<String> members, Instant now) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a release has at least one member");
        }
        return new ReleaseRequest(new Snapshot(id, name, stage, requestedBy, now, members, List.of(), PENDING_APPROVAL, null, now, 0));
    }

    public static ReleaseRequest restore(Snapshot snapshot) {
        return new ReleaseRequest(snapshot);
    }

    /** Every member's policy is met. */
    void approve(Instant now) {
        move("be approved", EnumSet.of(PENDING_APPROVAL), APPROVED, null, now);
    }

    /** Rejected, expired or cancelled before it ran: {@code reason} says by whom and why. */
    void close(PromotionStatus end, String reason, Instant now) {
        if (end != REJECTED && end != EXPIRED && end != CANCELLED) {
            throw new IllegalArgumentException("a release closes before it runs only as rejected, expired or cancelled, not " + end.words());
        }
        move("be " + end.words(), EnumSet.of(PENDING_APPROVAL, APPROVED), end, reason, now);
    }

    /** The release runner claimed it; its members run one after the other. */
    void start(Instant now) {
        move("start", EnumSet.of(APPROVED), RUNNING, null, now);
    }

    /** A promotion that puts a finished member back, run as part of this release. */
    void undoneBy(String promotionId, Instant now) {
        require("be undone", EnumSet.of(RUNNING));
        undos.add(promotionId);
        updatedAt = now;
    }

    /** Ends a running release: succeeded, rolled back, failed or aborted, with what happened. */
    void finish(PromotionStatus end, String reason, Instant now) {
        if (!end.isTerminal() || end == REJECTED || end == EXPIRED || end == CANCELLED) {
            throw new IllegalArgumentException("a running release ends succeeded, rolled back, failed or aborted, not " + end.words());
        }
        move("be " + end.words(), EnumSet.of(RUNNING), end, reason, now);
    }

    public boolean hasMember(String promotionId) {
        return members.contains(promotionId) || undos.contains(promotionId);
    }

    private void move(String what, Set<PromotionStatus> from, PromotionStatus to, String reason, Instant now) {
        require(what, from);
        status = to;
        statusReason = reason;
        updatedAt = now;
    }

    private void require(String what, Set<PromotionStatus> allowed) {
        if (!allowed.contains(status)) {
            throw new IllegalStateException("Release " + id + " cannot " + what + ": it is " + status.words() + ".");
        }
    }

    /** Called by the store after a successful save. */
    public void savedAs(long newVersion) {
        this.version = newVersion;
    }

    public Snapshot snapshot() {
        return new Snapshot(id, name, stage, requestedBy, requestedAt, members, List.copyOf(undos), status, statusReason, updatedAt, version);
    }

    /** Every field, for storage; {@code version} is the optimistic lock. */
    public record Snapshot(String id, String name, String stage, String requestedBy, Instant requestedAt, List<String> members,
                           List<String> undos, PromotionStatus status, String statusReason, Instant updatedAt, long version) {
    }

    public String id() { return id; }
    public String name() { return name; }
    public String stage() { return stage; }
    public String requestedBy() { return requestedBy; }
    public Instant requestedAt() { return requestedAt; }
    /** The member promotions, one per app, in the order they run. */
    public List<String> members() { return members; }
    /** The promotions that put finished members back, in the order they ran. */
    public List<String> undos() { return List.copyOf(undos); }
    public PromotionStatus status() { return status; }
    public String statusReason() { return statusReason; }
    public Instant updatedAt() { return updatedAt; }
    public long version() { return version; }
}
