package dev.signoff.persistence;

import dev.signoff.promotion.Ids;
import dev.signoff.promotion.spi.ReleaseOwnership;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code owner} and {@code heartbeat_at} of a release row: the process walking it, and when
 * that process last beat. A release nobody beat for yet counts from its last change, so one just
 * approved or just claimed is not taken for an orphan. Adoption is a locking read and an update in
 * one transaction, so of several processes adopting at once exactly one wins (H2 and PostgreSQL).
 */
@Repository
class JdbcReleaseOwnership implements ReleaseOwnership {
    private static final String WALKING = "status in ('APPROVED', 'RUNNING')";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final String owner;

    @org.springframework.beans.factory.annotation.Autowired
    JdbcReleaseOwnership(JdbcClient jdbc, TransactionTemplate transactions) {
        this(jdbc, transactions, "signoff-" + Ids.random(10));
    }

    JdbcReleaseOwnership(JdbcClient jdbc, TransactionTemplate transactions, String owner) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.owner = owner;
    }

    @Override
    public void hold(String releaseId) {
        jdbc.sql("update releases set owner = :owner, heartbeat_at = :now where id = :id")
                .param("owner", owner).param("now", Timestamps.column(Instant.now())).param("id", releaseId)
                .update();
    }

    @Override
    public void beat() {
        jdbc.sql("update releases set heartbeat_at = :now where owner = :owner and " + WALKING)
                .param("now", Timestamps.column(Instant.now())).param("owner", owner)
                .update();
    }

    @Override
    public List<String> orphans(Duration staleness) {
        return jdbc.sql("select id from releases where " + WALKING + """
                         and coalesce(heartbeat_at, updated_at) < :cutoff and (owner is null or owner <> :owner)
                        order by requested_at""")
                .param("cutoff", Timestamps.column(Instant.now().minus(staleness))).param("owner", owner)
                .query(String.class)
                .list();
    }

    @Override
    public boolean adopt(String releaseId, Duration staleness) {
        Boolean adopted = transactions.execute(tx -> {
            Instant now = Instant.now();
            Optional<String> stale = jdbc.sql("select coalesce(owner, '') from releases where id = :id and " + WALKING
                            + " and coalesce(heartbeat_at, updated_at) < :cutoff for update")
                    .param("id", releaseId).param("cutoff", Timestamps.column(now.minus(staleness)))
                    .query(String.class)
                    .optional();
            if (stale.isEmpty() || stale.get().equals(owner)) {
                return false;
            }
            return jdbc.sql("update releases set owner = :owner, heartbeat_at = :now where id = :id")
                    .param("owner", owner).param("now", Timestamps.column(now)).param("id", releaseId)
                    .update() == 1;
        });
        return Boolean.TRUE.equals(adopted);
    }
}
