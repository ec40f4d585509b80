package dev.signoff.persistence;

import dev.signoff.promotion.BreakGlass;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.Plan;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionRequest.Snapshot;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.Step;
import dev.signoff.promotion.Vote;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Reads promotions back into aggregates: the row, then its votes (by cast time) and steps (in order). */
final class PromotionRows {
    static final String SELECT = "select * from promotions";

    private final JdbcClient jdbc;

    PromotionRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<PromotionRequest> load(JdbcClient.StatementSpec query) {
        return query.query(PromotionRows::snapshot).list().stream()
                .map(s -> PromotionRequest.restore(withChildren(s, votes(s.id()), steps(s.id()))))
                .toList();
    }

    List<Vote> votes(String promotionId) {
        return jdbc.sql("select * from votes where promotion_id = :id order by cast_at, person")
                .param("id", promotionId)
                .query((rs, n) -> new Vote(rs.getString("person"), Vote.Decision.valueOf(rs.getString("decision")),
                        Digest.parse(rs.getString("digest")), rs.getString("reason"), Timestamps.read(rs, "cast_at")))
                .list();
    }

    private List<Step> steps(String promotionId) {
        return jdbc.sql("select * from promotion_steps where promotion_id = :id order by seq")
                .param("id", promotionId)
                .query((rs, n) -> new Step(rs.getString("name"), Step.State.valueOf(rs.getString("state")),
                        rs.getString("detail"), Timestamps.read(rs, "started_at"), Timestamps.read(rs, "finished_at"),
                        rs.getString("memo")))
                .list();
    }

    private static Snapshot snapshot(ResultSet rs, int rowNum) throws SQLException {
        return new Snapshot(rs.getString("id"), PromotionKind.valueOf(rs.getString("kind")), rs.getString("app"),
                rs.getString("from_stage"), rs.getString("to_stage"), image(rs.getString("source_ref")),
                image(rs.getString("target_ref")), Digest.parse(rs.getString("digest")), rs.getString("commit_sha"),
                rs.getString("requested_by"), Timestamps.read(rs, "requested_at"), Timestamps.read(rs, "expires_at"),
                rs.getInt("required_approvals"), plan(rs), List.of(), List.of(),
                PromotionStatus.valueOf(rs.getString("status")), rs.getString("status_reason"),
                Timestamps.read(rs, "updated_at"), rs.getLong("version"), breakGlass(rs));
    }

    /** A break-glass promotion has its reason and the freeze it crosses; an ordinary one neither. */
    private static BreakGlass breakGlass(ResultSet rs) throws SQLException {
        String reason = rs.getString("break_glass_reason");
        return reason == null ? null : new BreakGlass(reason, rs.getString("break_glass_freeze"));
    }

    /** A plan is stored as its five columns; all five empty means the promotion had none. */
    private static Plan plan(ResultSet rs) throws SQLException {
        Plan plan = new Plan(rs.getString("plan_current"), rs.getString("plan_next"),
                rs.getObject("plan_replicas", Integer.class), rs.getString("plan_strategy"), rs.getString("plan_note"));
        return plan.equals(new Plan(null, null, null, null, null)) ? null : plan;
    }

    private static ImageRef image(String text) {
        return text == null ? null : ImageRef.parse(text);
    }

    private static Snapshot withChildren(Snapshot s, List<Vote> votes, List<Step> steps) {
        return new Snapshot(s.id(), s.kind(), s.app(), s.fromStage(), s.toStage(), s.source(), s.target(), s.digest(),
                s.commit(), s.requestedBy(), s.requestedAt(), s.expiresAt(), s.requiredApprovals(), s.plan(), votes,
                steps, s.status(), s.statusReason(), s.updatedAt(), s.version(), s.breakGlass());
    }
}
