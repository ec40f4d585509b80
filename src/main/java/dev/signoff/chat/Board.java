package dev.signoff.chat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The pipeline board: one row per app, one column per stage, what runs where and what is on its
 * way. Platform-neutral: the console renders it as JSON and HTML. {@code stages} are the columns,
 * every app's stages merged in pipeline order; a row's {@code cells} hold only the stages the app
 * has. {@code releases} are the rows of releases (named groups of apps), one per configured release
 * that was ever asked for: its latest request (a release's apps also show in their own rows, their
 * waiting cards pointing at the release's card).
 */
public record Board(List<String> stages, List<Row> apps, List<ReleaseRow> releases) {

    /**
     * A release's latest request: into {@code stage}, its state (in the words of a promotion's) and
     * why, its members in running order, and the message of its one card on the board's platform
     * (null when it was not posted there), whose buttons act on the whole release.
     */
    public record ReleaseRow(String release, String id, String channel, String stage, String status, String statusReason,
                             String requestedBy, List<Member> members, String messageId) {
    }

    /** An app of a release: its promotion, the digest it takes and where that promotion is. */
    public record Member(String app, String promotionId, String digest, String shortDigest, String status) {
    }

    /** An app; {@code channel} is where its cards are posted on the platform the board was made for (null if none). */
    public record Row(String app, String channel, Map<String, Cell> cells) {
    }

    /**
     * A stage of an app. {@code current} is null when nothing was promoted there yet; {@code underway}
     * holds approved promotions waiting for the stage and the one running; {@code waiting} the
     * cards waiting for approval, oldest first.
     */
    public record Cell(String stage, String image, Current current, List<Underway> underway, List<Waiting> waiting,
                       Lock lock, Freeze freeze) {
    }

    /**
     * What runs in the stage: the digest, the tag it came in under (the stage's own tag when no
     * other is known), since when, who asked and who approved. {@code kind} is promote, rollback
     * or sunset (then the digest is the last one that ran).
     */
    public record Current(String digest, String shortDigest, String tag, Instant since, String promotedBy,
                          List<String> approvedBy, String kind, String promotionId) {
    }

    /**
     * A promotion past its approvals: {@code status} approved (queued for the stage) or running,
     * then with the running {@code step} (its {@code detail}: the progress it reported), the
     * number of the stage's plan step it is in of {@code stepCount}, and whether it waits at a pause.
     * {@code breakGlass} is why and through which freeze, for a promotion through one; else null.
     */
    public record Underway(String promotionId, String kind, String digest, String shortDigest, String tag, String requestedBy,
                           String status, String step, String detail, int stepNumber, int stepCount, boolean paused,
                           Instant since, BreakGlass breakGlass) {
    }

    /**
     * A card waiting for approval; {@code messageId} is the card's message on the board's platform
     * (null when it was not posted there), so a click goes through the same path as one on the card;
     * {@code breakGlass} as for {@link Underway}.
     */
    public record Waiting(String promotionId, String kind, String digest, String shortDigest, String tag, String requestedBy,
                          int approvals, int required, List<String> approvedBy, Instant expiresAt, String messageId,
                          BreakGlass breakGlass) {
    }

    public record Lock(String holder, String reason, Instant since) {
    }

    /** A promotion through a freeze: why, and the freeze window it crosses as the pipelines write it. */
    public record BreakGlass(String reason, String freeze) {
    }

    /** A freeze window in force: {@code window} as written in the pipelines, {@code until} when it ends. */
    public record Freeze(String window, String until) {
    }
}
