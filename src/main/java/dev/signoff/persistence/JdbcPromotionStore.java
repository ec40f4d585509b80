package dev.signoff.persistence;

import dev.signoff.promotion.Plan;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionRequest.Snapshot;
import dev.signoff.promotion.Step;
import dev.signoff.promotion.Vote;
import dev.signoff.promotion.spi.PromotionStore;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Promotions with their votes, steps and audit entries, saved in one transaction under an
 * optimistic version check.
 */
@Repository
class JdbcPromotionStore implements PromotionStore {
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final PromotionRows rows;

    JdbcPromotionStore(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.rows = new PromotionRows(jdbc);
    }

    @Override
    public Optional<PromotionRequest> find(String id) {
        return rows.load(jdbc.sql(PromotionRows.SELECT + " where id = :id").param("id", id)).stream().findFirst();
    }

    /**
     * The version check and the votes' primary key both turn a lost race into {@link ConcurrentChange}
     * with nothing stored; so does a lock wait that times out (H2's LOCK_TIMEOUT), as another save of
     * the same promotion holds the row. The audit entries are drained inside the transaction: when it
     * fails they are gone from the aggregate too, which is fine because the caller reloads and redoes
     * its change.
     */
    @Override
    public void save(PromotionRequest promotion) {
        Snapshot s = promotion.snapshot();
        long saved;
        try {
            saved = Objects.requireNonNull(transactions.execute(tx -> {
                long version = s.version() == 0 ? insert(s) : update(s);
                insertNewVotes(s);
                replaceSteps(s);
                promotion.drainAudit().forEach(entry -> JdbcAuditLog.insert(jdbc, entry));
                return version;
            }));
        } catch (DuplicateKeyException | PessimisticLockingFailureException e) {
            ConcurrentChange change = new ConcurrentChange("Promotion " + s.id()
                    + " was changed by someone else while it was being saved; load it again and retry.");
            change.initCause(e);
            throw change;
        }
        promotion.savedAs(saved);
    }

    private long insert(Snapshot s) {
        Plan plan = s.plan() != null ? s.plan() : new Plan(null, null, null, null, null);
        jdbc.sql("""
                        insert into promotions (id, kind, app, from_stage, to_stage, source_ref, target_ref, digest,
                            commit_sha, requested_by, requested_at, expires_at, required_approvals, plan_current,
                            plan_next, plan_replicas, plan_strategy, plan_note, status, status_reason, updated_at, version,
                            break_glass_reason, break_glass_freeze)
                        values (:id, :kind, :app, :fromStage, :toStage, :source, :target, :digest, :commit, :requestedBy,
                            :requestedAt, :expiresAt, :requiredApprovals, :planCurrent, :planNext, :planReplicas,
                            :planStrategy, :planNote, :status, :statusReason, :updatedAt, 1, :breakGlassReason, :breakGlassFreeze)""")
                .param("breakGlassReason", s.breakGlass() == null ? null : s.breakGlass().reason())
                .param("breakGlassFreeze", s.breakGlass() == null ? null : s.breakGlass().freeze())
                .param("id", s.id())
                .param("kind", s.kind().name())
                .param("app", s.app())
                .param("fromStage", s.fromStage())
                .param("toStage", s.toStage())
                .param("source", s.source() == null ? null : s.source().toString())
                .param("target", s.target() == null ? null : s.target().toString())
                .param("digest", s.digest().toString())
                .param("commit", s.commit())
                .param("requestedBy", s.requestedBy())
                .param("requestedAt", Timestamps.column(s.requestedAt()))
                .param("expiresAt", Timestamps.column(s.expiresAt()))
                .param("requiredApprovals", s.requiredApprovals())
                .param("planCurrent", plan.current())
                .param("planNext", plan.next())
                .param("planReplicas", plan.replicas())
                .param("planStrategy", plan.strategy())
                .param("planNote", plan.note())
                .param("status", s.status().name())
                .param("statusReason", s.statusReason())
                .param("updatedAt", Timestamps.column(s.updatedAt()))
                .update();
        return 1;
    }

    /** Only these columns change after a promotion is opened. */
    private long update(Snapshot s) {
        int updated = jdbc.sql("""
                        update promotions set status = :status, status_reason = :statusReason, updated_at = :updatedAt,
                            version = version + 1
                        where id = :id and version = :version""")
                .param("status", s.status().name())
                .param("statusReason", s.statusReason())
                .param("updatedAt", Timestamps.column(s.updatedAt()))
                .param("id", s.id())
                .param("version", s.version())
                .update();
        if (updated == 0) {
            throw new ConcurrentChange("Promotion " + s.id() + " was saved by someone else after it was loaded "
                    + "(version " + s.version() + "); load it again and retry.");
        }
        return s.version() + 1;
    }

    /**
     * A vote equal to the stored one for that person is the one the aggregate was loaded with. Any
     * other vote is inserted, so a second vote by a person who has one stored hits the primary key.
     */
    private void insertNewVotes(Snapshot s) {
        Map<String, Vote> stored = s.version() == 0 ? Map.of()
                : rows.votes(s.id()).stream().collect(Collectors.toMap(Vote::person, Function.identity()));
        for (Vote vote : s.votes()) {
            Vote asStored = new Vote(vote.person(), vote.decision(), vote.digest(), vote.reason(),
                    vote.castAt().truncatedTo(ChronoUnit.MICROS));
            if (!asStored.equals(stored.get(vote.person()))) {
                jdbc.sql("""
                                insert into votes (promotion_id, person, decision, digest, reason, cast_at)
                                values (:id, :person, :decision, :digest, :reason, :castAt)""")
                        .param("id", s.id())
                        .param("person", vote.person())
                        .param("decision", vote.decision().name())
                        .param("digest", vote.digest().toString())
                        .param("reason", vote.reason())
                        .param("castAt", Timestamps.column(vote.castAt()))
                        .update();
            }
        }
    }

    private void replaceSteps(Snapshot s) {
        jdbc.sql("delete from promotion_steps where promotion_id = :id").param("id", s.id()).update();
        List<Step> steps = s.steps();
        for (int seq = 0; seq < steps.size(); seq++) {
            Step step = steps.get(seq);
            jdbc.sql("""
                            insert into promotion_steps (promotion_id, seq, name, state, detail, started_at, finished_at, memo)
                            values (:id, :seq, :name, :state, :detail, :startedAt, :finishedAt, :memo)""")
                    .param("id", s.id())
                    .param("seq", seq)
                    .param("name", step.name())
                    .param("state", step.state().name())
                    .param("detail", step.detail())
                    .param("startedAt", Timestamps.column(step.startedAt()))
                    .param("finishedAt", Timestamps.column(step.finishedAt()))
                    .param("memo", step.memo())
                    .update();
        }
    }
}
