package dev.signoff.chat;

import dev.signoff.promotion.AppStatus;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.PromotionRequest;
import org.springframework.stereotype.Component;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The words of {@code status} and {@code history} answers. A GitOps stage's status starts with
 * what its file in the repository names, then what Signoff last promoted there.
 */
@Component
class StatusWording {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    String status(AppStatus status) {
        StringBuilder sb = new StringBuilder(status.app().name()).append(":");
        for (AppStatus.StageStatus s : status.stages()) {
            sb.append("\n• ").append(s.stage().name()).append(": ");
            if (s.file() != null) {
                sb.append(file(s.file())).append(" · ");
                if (s.current() != null) {
                    sb.append("promoted ");
                }
            }
            if (s.current() == null) {
                sb.append("nothing promoted yet");
            } else {
                sb.append(s.current().kind().name().equals("SUNSET") ? "sunset" : s.current().digest().shortForm())
                        .append(" since ").append(TIME.format(s.current().since()))
                        .append(" (").append(s.current().promotedBy()).append(")");
            }
            if (s.lock() != null) {
                sb.append(" · 🔒 locked by ").append(s.lock().holder()).append(s.lock().reason() != null ? ": " + s.lock().reason() : "");
            }
            if (s.freeze() != null) {
                sb.append(" · ❄ frozen until ").append(s.freeze().endText());
            }
            for (PromotionRequest p : s.pending()) {
                sb.append(" · waiting: ").append(p.id()).append(" (").append(p.approvals()).append(" of ")
                        .append(p.requiredApprovals()).append(")").append(breakGlass(p));
            }
            // a break-glass promotion under way is news (the stage is frozen), so it is named; others show on their cards
            for (PromotionRequest p : s.underway()) {
                if (p.isBreakGlass()) {
                    sb.append(" · ").append(p.status().words()).append(": ").append(p.id()).append(breakGlass(p));
                }
            }
        }
        return sb.toString();
    }

    /** ", BREAK-GLASS: checkout is down" for a promotion through a freeze, else nothing. */
    private static String breakGlass(PromotionRequest p) {
        return p.breakGlass().map(glass -> ", " + CardWording.BREAK_GLASS + glass.reason()).orElse("");
    }

    /** "sha256:0123456789ab in envs/prod/kustomization.yaml (commit 1a2b3c4d5e6f)": what a GitOps stage's file names. */
    private static String file(AppStatus.RepositoryFile file) {
        if (file.problem() != null) {
            return "repository unreadable: " + file.problem();
        }
        String image = file.image() == null ? "no image" : file.image();
        int at = image.lastIndexOf("@sha256:");
        if (at >= 0 && Digest.isDigest(image.substring(at + 1))) {
            image = Digest.parse(image.substring(at + 1)).shortForm();
        }
        return image + " in " + file.path() + (file.commit() != null ? " (commit " + file.commit().substring(0, 12) + ")" : "");
    }

    String history(String app, String stage, List<PromotionRequest> promotions) {
        if (promotions.isEmpty()) {
            return "No promotions of " + app + (stage != null ? " to " + stage : "") + " yet.";
        }
        StringBuilder sb = new StringBuilder("Recent promotions of ").append(app).append(stage != null ? " to " + stage : "").append(":");
        for (PromotionRequest p : promotions) {
            sb.append("\n• ").append(p.id()).append(" ").append(TIME.format(p.requestedAt())).append(" ")
                    .append(p.kind().name().toLowerCase()).append(" → ").append(p.toStage()).append(" ")
                    .append(p.digest().shortForm()).append(" by ").append(p.requestedBy()).append(": ")
                    .append(p.status().words());
        }
        return sb.toString();
    }
}
