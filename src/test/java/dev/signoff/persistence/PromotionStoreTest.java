package dev.signoff.persistence;

import dev.signoff.promotion.ApprovalPolicy;
import dev.signoff.promotion.AuditEntry;
import dev.signoff.promotion.Eligibility;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.Vote;
import dev.signoff.promotion.spi.PromotionStore.ConcurrentChange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.signoff.persistence.TestPromotions.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The promotion store")
class PromotionStoreTest extends DatabaseTest {
    private JdbcPromotionStore store;
    private JdbcAuditLog audit;

    @BeforeEach
    void repositories() {
        store = new JdbcPromotionStore(db.jdbc(), db.transactions());
        audit = new JdbcAuditLog(db.jdbc());
    }

    @Test
    @DisplayName("gives back a promotion exactly as saved: every field, the plan, votes in order and steps in order")
    void roundTrip() {
        PromotionRequest p = open("p-1");
        store.save(p);
        approveByTwo(p);
        store.save(p);
        p.start(at(200));
        p.stepStarted("copy", "3 blobs to copy", at(201));
        p.stepDone("copy", "copied", at(202));
        p.stepStarted("deploy", "rolling", at(204));
        store.save(p);

        PromotionRequest found = store.find("p-1").orElseThrow();

        assertThat(found.snapshot()).isEqualTo(p.snapshot());
        assertThat(found.votes()).extracting(Vote::person).containsExactly("bob", "erin");
        assertThat(found.steps()).extracting(s -> s.name() + ":" + s.state()).containsExactly("copy:DONE", "deploy:RUNNING");
        assertThat(found.version()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(PromotionStatus.class)
    @DisplayName("stores a promotion in each status and reads it back unchanged")
    void everyStatus(PromotionStatus status) {
        PromotionRequest p = in(status, "p-" + status);
        store.save(p);

        PromotionRequest found = store.find("p-" + status).orElseThrow();

        assertThat(found.status()).isEqualTo(status);
        assertThat(found.snapshot()).isEqualTo(p.snapshot());
    }

    @Test
    @DisplayName("reads back a promotion without commit, plan, target or expiry with those left empty")
    void optionalFieldsEmpty() {
        PromotionRequest.Draft full = draft("p-bare", "shop", "dev");
        PromotionRequest p = PromotionRequest.open(new PromotionRequest.Draft(full.id(), PromotionKind.SUNSET, "shop", null,
                "dev", full.source(), null, DIGEST, null, "alice", null), ApprovalPolicy.none(), T0);
        store.save(p);

        PromotionRequest found = store.find("p-bare").orElseThrow();

        assertThat(found.snapshot()).isEqualTo(p.snapshot());
        assertThat(found.status()).isEqualTo(PromotionStatus.APPROVED);
        assertThat(found.plan()).isNull();
        assertThat(found.expiresAt()).isNull();
    }

    @Test
    @DisplayName("answers nothing for an id it does not know")
    void unknownId() {
        assertThat(store.find("nope")).isEmpty();
    }

    @Test
    @DisplayName("refuses a save from a copy loaded before someone else saved, and keeps the other save intact")
    void staleVersion() {
        store.save(open("p-1"));
        PromotionRequest first = store.find("p-1").orElseThrow();
        PromotionRequest second = store.find("p-1").orElseThrow();
        first.approve("bob", DIGEST, TWO_APPROVALS, Eligibility.APPROVER, at(60));
        store.save(first);
        second.approve("erin", DIGEST, TWO_APPROVALS, Eligibility.APPROVER, at(61));

        assertThatThrownBy(() -> store.save(second)).isInstanceOf(ConcurrentChange.class);

        PromotionRequest stored = store.find("p-1").orElseThrow();
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.votes()).extracting(Vote::person).containsExactly("bob");
        assertThat(audit.entries("p-1", 100)).extracting(AuditEntry::actor).doesNotContain("erin");
        assertThat(second.version()).isEqualTo(1);
    }

    @Test
    @DisplayName("refuses to insert a second promotion with an id that is taken")
    void duplicateId() {
        store.save(open("p-1"));

        assertThatThrownBy(() -> store.save(open("p-1"))).isInstanceOf(ConcurrentChange.class);
    }

    @Test
    @DisplayName("refuses a second vote by the same person through the primary key, and rolls the whole save back")
    void duplicateVote() {
        PromotionRequest p = open("p-1");
        store.save(p);
        db.jdbc().sql("""
                        insert into votes (promotion_id, person, decision, digest, reason, cast_at)
                        values ('p-1', 'bob', 'REJECT', :digest, 'raced in', :at)""")
                .param("digest", DIGEST.toString())
                .param("at", Timestamps.column(at(50)))
                .update();
        p.approve("bob", DIGEST, TWO_APPROVALS, Eligibility.APPROVER, at(60));

        assertThatThrownBy(() -> store.save(p)).isInstanceOf(ConcurrentChange.class);

        PromotionRequest stored = store.find("p-1").orElseThrow();
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.votes()).singleElement().satisfies(v -> assertThat(v.reason()).isEqualTo("raced in"));
        assertThat(audit.entries("p-1", 100)).extracting(AuditEntry::action).containsExactly("request");
    }

    @Test
    @DisplayName("lets exactly one of twenty threads saving the same loaded version succeed")
    void twentyConcurrentSaves() throws Exception {
        store.save(PromotionRequest.open(draft("p-1", "shop", "prod"), policy(30), T0));
        List<PromotionRequest> copies = new ArrayList<>();
        for (String voter : VOTERS) {
            PromotionRequest copy = store.find("p-1").orElseThrow();
            copy.approve(voter, DIGEST, policy(30), Eligibility.APPROVER, at(60));
            copies.add(copy);
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(copies.size())) {
            for (PromotionRequest copy : copies) {
                results.add(threads.submit(() -> {
                    go.await();
                    try {
                        store.save(copy);
                        return true;
                    } catch (ConcurrentChange refused) {
                        return false;
                    }
                }));
            }
            go.countDown();
        }

        List<Boolean> saved = new ArrayList<>();
        for (Future<Boolean> result : results) {
            saved.add(result.get());
        }
        assertThat(saved).containsOnlyOnce(true).hasSize(20);
        PromotionRequest stored = store.find("p-1").orElseThrow();
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.votes()).hasSize(1);
        assertThat(audit.entries("p-1", 100)).extracting(AuditEntry::action).containsExactly("request", "vote");
    }

    @Test
    @DisplayName("appends the audit entries a save carries, in order, exactly once")
    void auditAppendedOnce() {
        PromotionRequest p = open("p-1");
        store.save(p);
        approveByTwo(p);
        store.save(p);
        store.save(p);

        List<AuditEntry> entries = audit.entries("p-1", 100);

        assertThat(entries).extracting(AuditEntry::action).containsExactly("request", "vote", "vote", "approve");
        assertThat(entries.get(1)).isEqualTo(new AuditEntry(at(60), "bob", "vote", "shop", "prod", "p-1",
                DIGEST.toString(), "ok", "approved (1 of 2)"));
        assertThat(p.drainAudit()).isEmpty();
    }
}
