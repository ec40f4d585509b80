package dev.signoff.persistence;

import dev.signoff.promotion.AuditEntry;
import dev.signoff.promotion.spi.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.List;

/** The append-only audit log: this class only inserts and reads, and nothing else writes the table. */
@Repository
class JdbcAuditLog implements AuditLog {
    private final JdbcClient jdbc;

    JdbcAuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void append(AuditEntry entry) {
        insert(jdbc, entry);
    }

    /** Also used by the promotion store, inside its save transaction. */
    static void insert(JdbcClient jdbc, AuditEntry entry) {
        jdbc.sql("""
                        insert into audit_log (at, actor, action, app, stage, promotion_id, digest, outcome, detail)
                        values (:at, :actor, :action, :app, :stage, :promotionId, :digest, :outcome, :detail)""")
                .param("at", Timestamps.column(entry.at()))
                .param("actor", entry.actor())
                .param("action", entry.action())
                .param("app", entry.app())
                .param("stage", entry.stage())
                .param("promotionId", entry.promotionId())
                .param("digest", entry.digest())
                .param("outcome", entry.outcome())
                .param("detail", entry.detail())
                .update();
    }

    /** The latest {@code limit} entries, oldest first; entries of the same instant in the order they were appended. */
    @Override
    public List<AuditEntry> entries(String promotionId, int limit) {
        String latest = "select * from audit_log" + (promotionId != null ? " where promotion_id = :promotionId" : "")
                + " order by at desc, id desc limit :limit";
        JdbcClient.StatementSpec query = jdbc.sql("select * from (" + latest + ") latest order by at, id").param("limit", limit);
        if (promotionId != null) {
            query = query.param("promotionId", promotionId);
        }
        return query.query((rs, n) -> new AuditEntry(Timestamps.read(rs, "at"), rs.getString("actor"),
                        rs.getString("action"), rs.getString("app"), rs.getString("stage"), rs.getString("promotion_id"),
                        rs.getString("digest"), rs.getString("outcome"), rs.getString("detail")))
                .list();
    }
}
