package dev.signoff.persistence;

import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.spi.PromotionQueries;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read-side questions about promotions; each answer is loaded with its votes and steps. */
@Repository
class JdbcPromotionQueries implements PromotionQueries {
    private final JdbcClient jdbc;
    private final PromotionRows rows;

    JdbcPromotionQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.rows = new PromotionRows(jdbc);
    }

    /** The filters are added only when given: PostgreSQL cannot type a bare {@code :app is null}. */
    @Override
    public List<PromotionRequest> recent(String app, String stage, int limit) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (app != null) {
            where.add("app = :app");
            params.put("app", app);
        }
        if (stage != null) {
            where.add("to_stage = :stage");
            params.put("stage", stage);
        }
        params.put("limit", limit);
        String sql = PromotionRows.SELECT + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by requested_at desc, id desc limit :limit";
        return rows.load(jdbc.sql(sql).params(params));
    }

    @Override
    public List<PromotionRequest> inStatus(String app, String stage, PromotionStatus status) {
        return rows.load(jdbc.sql(PromotionRows.SELECT
                        + " where app = :app and to_stage = :stage and status = :status order by requested_at, id")
                .param("app", app)
                .param("stage", stage)
                .param("status", status.name()));
    }

    @Override
    public List<PromotionRequest> expiredBefore(Instant now) {
        return rows.load(jdbc.sql(PromotionRows.SELECT
                        + " where status = :status and expires_at <= :now order by expires_at, id")
                .param("status", PromotionStatus.PENDING_APPROVAL.name())
                .param("now", Timestamps.column(now)));
    }

    /** One query, on the index that starts with status. */
    @Override
    public List<StageCount> countByStage(PromotionStatus status) {
        return jdbc.sql("select app, to_stage, count(*) as n from promotions where status = :status group by app, to_stage")
                .param("status", status.name())
                .query((rs, n) -> new StageCount(rs.getString("app"), rs.getString("to_stage"), rs.getInt("n")))
                .list();
    }
}
