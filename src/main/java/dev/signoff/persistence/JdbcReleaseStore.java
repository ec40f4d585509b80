package dev.signoff.persistence;

import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.ReleaseRequest;
import dev.signoff.promotion.spi.PromotionStore;
import dev.signoff.promotion.spi.ReleaseStore;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Releases and their members, saved in one transaction under an optimistic version check. */
@Repository
class JdbcReleaseStore implements ReleaseStore {
    private static final String MEMBER = "member";
    private static final String UNDO = "undo";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    JdbcReleaseStore(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public Optional<ReleaseRequest> findRelease(String id) {
        return load("select * from releases where id = :key", id);
    }

    @Override
    public Optional<ReleaseRequest> latestRelease(String name) {
        return load("select * from releases where name = :key order by requested_at desc, id desc limit 1", name);
    }

    @Override
    public Optional<String> releaseOf(String promotionId) {
        return jdbc.sql("select release_id from release_members where promotion_id = :id").param("id", promotionId)
                .query(String.class).optional();
    }

    /** Members are written with the new release; undos are added as they come (rows are never changed). */
    @Override
    public void save(ReleaseRequest release) {
        ReleaseRequest.Snapshot s = release.snapshot();
        long saved;
        try {
            saved = Objects.requireNonNull(transactions.execute(tx -> {
                long version = s.version() == 0 ? insert(s) : update(s);
                int stored = jdbc.sql("select count(*) from release_members where release_id = :id").param("id", s.id())
                        .query(Integer.class).single();
                List<String> all = new java.util.ArrayList<>(s.members());
                all.addAll(s.undos());
                for (int position = stored; position < all.size(); position++) {
                    jdbc.sql("insert into release_members (release_id, position, promotion_id, role) values (:id, :position, :promotion, :role)")
                            .param("id", s.id()).param("position", position).param("promotion", all.get(position))
                            .param("role", position < s.members().size() ? MEMBER : UNDO)
                            .update();
                }
                return version;
            }));
        } catch (DuplicateKeyException | PessimisticLockingFailureException e) {
            PromotionStore.ConcurrentChange change = new PromotionStore.ConcurrentChange("Release " + s.id()
                    + " was changed by someone else while it was being saved; load it again and retry.");
            change.initCause(e);
            throw change;
        }
        release.savedAs(saved);
    }

    private long insert(ReleaseRequest.Snapshot s) {
        jdbc.sql("""
                        insert into releases (id, name, stage, requested_by, requested_at, status, status_reason, updated_at, version)
                        values (:id, :name, :stage, :requestedBy, :requestedAt, :status, :statusReason, :updatedAt, 1)""")
                .param("id", s.id()).param("name", s.name()).param("stage", s.stage())
                .param("requestedBy", s.requestedBy()).param("requestedAt", Timestamps.column(s.requestedAt()))
                .param("status", s.status().name()).param("statusReason", s.statusReason())
                .param("updatedAt", Timestamps.column(s.updatedAt()))
                .update();
        return 1;
    }

    private long update(ReleaseRequest.Snapshot s) {
        int updated = jdbc.sql("""
                        update releases set status = :status, status_reason = :statusReason, updated_at = :updatedAt,
                            version = version + 1
                        where id = :id and version = :version""")
                .param("status", s.status().name()).param("statusReason", s.statusReason())
                .param("updatedAt", Timestamps.column(s.updatedAt()))
                .param("id", s.id()).param("version", s.version())
                .update();
        if (updated == 0) {
            throw new PromotionStore.ConcurrentChange("Release " + s.id() + " was saved by someone else after it was loaded "
                    + "(version " + s.version() + "); load it again and retry.");
        }
        return s.version() + 1;
    }

    private Optional<ReleaseRequest> load(String sql, String key) {
        return jdbc.sql(sql).param("key", key).query((rs, n) -> {
            String id = rs.getString("id");
            return new ReleaseRequest.Snapshot(id, rs.getString("name"), rs.getString("stage"), rs.getString("requested_by"),
                    Timestamps.read(rs, "requested_at"), List.of(), List.of(), PromotionStatus.valueOf(rs.getString("status")),
                    rs.getString("status_reason"), Timestamps.read(rs, "updated_at"), rs.getLong("version"));
        }).optional().map(s -> ReleaseRequest.restore(new ReleaseRequest.Snapshot(s.id(), s.name(), s.stage(), s.requestedBy(),
                s.requestedAt(), promotions(s.id(), MEMBER), promotions(s.id(), UNDO), s.status(), s.statusReason(), s.updatedAt(), s.version())));
    }

    private List<String> promotions(String releaseId, String role) {
        return jdbc.sql("select promotion_id from release_members where release_id = :id and role = :role order by position")
                .param("id", releaseId).param("role", role).query(String.class).list();
    }
}
