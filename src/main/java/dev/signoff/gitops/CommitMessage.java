package dev.signoff.gitops;

import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.PromotionRequest;

/**
 * The messages of Signoff's commits: a first line people read in {@code git log --oneline}, a body
 * with the images, and trailers ({@code git interpret-trailers} reads them) that say which
 * promotion it was, who asked and who approved.
 */
final class CommitMessage {
    static final String PROMOTION = "Signoff-Promotion";
    static final String ROLLBACK_OF = "Signoff-Rollback-Of";

    private CommitMessage() {
    }

    /** "Promote shop to prod: sha256:0123456789ab", the source and target images, then the trailers. */
    static String promotion(PromotionRequest p, String source, String target) {
        String subject = p.kind() == PromotionKind.ROLLBACK
                ? "Roll back " + p.app() + " in " + p.toStage() + ": " + p.digest().shortForm()
                : "Promote " + p.app() + " to " + p.toStage() + ": " + p.digest().shortForm();
        StringBuilder message = new StringBuilder(subject).append("\n\n")
                .append("Source: ").append(source).append('\n')
                .append("Target: ").append(target).append("\n\n")
                .append(trailer(p));
        return message.toString();
    }

    /** The undo of a promotion's commit: puts {@code previous} back. */
    static String rollback(PromotionRequest p, String commit, String previous) {
        return "Roll back " + p.app() + " in " + p.toStage() + ": " + (previous != null ? previous : "previous image") + "\n\n"
                + "Puts back what " + commit + " replaced: promotion " + p.id() + " of " + p.digest().shortForm()
                + " did not finish.\n\n"
                + ROLLBACK_OF + ": " + p.id() + "\n";
    }

    /** The line that marks the promotion's own commit. */
    static String promotionTrailer(PromotionRequest p) {
        return PROMOTION + ": " + p.id();
    }

    static String rollbackTrailer(PromotionRequest p) {
        return ROLLBACK_OF + ": " + p.id();
    }

    private static String trailer(PromotionRequest p) {
        StringBuilder trailers = new StringBuilder(promotionTrailer(p)).append('\n')
                .append("Requested-by: ").append(p.requestedBy()).append('\n');
        p.approvers().forEach(person -> trailers.append("Approved-by: ").append(person).append('\n'));
        return trailers.toString();
    }
}
