package dev.signoff.persistence;

import dev.signoff.promotion.Ids;
import dev.signoff.promotion.spi.Leadership;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Leadership as a row per job naming the holder and the end of its term, changed only under the
 * row lock, so that of several replicas asking at once exactly one leads. Works the same inside
 * and outside Kubernetes, with the database every replica already shares.
 */
@Repository
class JdbcLeadership implements Leadership {
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final String self;

    @org.springframework.beans.factory.annotation.Autowired
    JdbcLeadership(JdbcClient jdbc, TransactionTemplate transactions) {
        this(jdbc, transactions, "signoff-" + Ids.random(10));
    }

    JdbcLeadership(JdbcClient jdbc, TransactionTemplate transactions, String self) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.self = self;
    }

    @Override
    public boolean lead(String job, Duration term) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Boolean leads = transactions.execute(tx -> {
                Instant now = Instant.now();
                record Term(String holder, Instant expiresAt) {
                }
                Optional<Term> current = jdbc.sql("select holder, expires_at from leaders where job = :job for update")
                        .param("job", job)
                        .query((rs, i) -> new Term(rs.getString(1), Timestamps.read(rs, "expires_at")))
                        .optional();
                if (current.isEmpty()) {
                    return jdbc.sql("insert into leaders (job, holder, expires_at) values (:job, :holder, :until) on conflict do nothing")
                            .param("job", job).param("holder", self).param("until", Timestamps.column(now.plus(term)))
                            .update() == 1 ? Boolean.TRUE : null;
                }
                if (!current.get().holder().equals(self) && current.get().expiresAt().isAfter(now)) {
                    return false;
                }
                jdbc.sql("update leaders set holder = :holder, expires_at = :until where job = :job")
                        .param("holder", self).param("until", Timestamps.column(now.plus(term))).param("job", job)
                        .update();
                return true;
            });
            if (leads != null) {
                return leads;
            }
        }
        return false;
    }
}
