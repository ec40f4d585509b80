package dev.signoff.persistence;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.StageDeployment;
import dev.signoff.promotion.spi.Deployments;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;

/** What runs where: one row per deployment, the newest one for a stage is what runs there now. */
@Repository
class JdbcDeployments implements Deployments {
    private static final RowMapper<StageDeployment> DEPLOYMENT = (rs, n) -> new StageDeployment(rs.getString("app"),
            rs.getString("stage"), Digest.parse(rs.getString("digest")), PromotionKind.valueOf(rs.getString("kind")),
            rs.getString("promotion_id"), rs.getString("promoted_by"), Timestamps.read(rs, "since"));

    private final JdbcClient jdbc;

    JdbcDeployments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(StageDeployment d) {
        jdbc.sql("""
                        insert into deployments (app, stage, digest, kind, promotion_id, promoted_by, since)
                        values (:app, :stage, :digest, :kind, :promotionId, :promotedBy, :since)""")
                .param("app", d.app())
                .param("stage", d.stage())
                .param("digest", d.digest().toString())
                .param("kind", d.kind().name())
                .param("promotionId", d.promotionId())
                .param("promotedBy", d.promotedBy())
                .param("since", Timestamps.column(d.since()))
                .update();
    }

    @Override
    public Optional<StageDeployment> current(String app, String stage) {
        return jdbc.sql("select * from deployments where app = :app and stage = :stage order by since desc, id desc limit 1")
                .param("app", app)
                .param("stage", stage)
                .query(DEPLOYMENT)
                .optional();
    }

    @Override
    public List<StageDeployment> history(String app, String stage, int limit) {
        JdbcClient.StatementSpec query = jdbc.sql("select * from deployments where app = :app"
                        + (stage != null ? " and stage = :stage" : "") + " order by since desc, id desc limit :limit")
                .param("app", app)
                .param("limit", limit);
        if (stage != null) {
            query = query.param("stage", stage);
        }
        return query.query(DEPLOYMENT).list();
    }
}
