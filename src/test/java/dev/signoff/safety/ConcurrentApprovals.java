package dev.signoff.safety;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.Refusal;
import dev.signoff.promotion.Vote;
import dev.signoff.testing.FakeDeployer;
import dev.signoff.testing.FakeRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 50 approve clicks at once against the real database: one vote per person, one approval, one
 * execution. Run on H2 and on PostgreSQL by the two subclasses.
 */
abstract class ConcurrentApprovals {
    @Autowired
    Promotions promotions;
    @Autowired
    FakeRegistry registry;
    @Autowired
    FakeDeployer deployer;
    @Autowired
    JdbcClient jdbc;

    @Test
    @DisplayName("50 concurrent approvals: one vote per person, one execution, an exact audit trail")
    void fiftyClicks() throws Exception {
        Digest digest = Digest.sha256Of("fifty " + getClass().getSimpleName());
        registry.push("enterprise/shop:release", digest);
        PromotionRequest p = promotions.promote("alice", "shop", null, "prod");
        ExecutorService clickers = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String person = i % 2 == 0 ? "bob" : "erin";
            answers.add(clickers.submit(() -> {
                go.await();
                try {
                    promotions.approve(person, p.id(), digest);
                    return "counted";
                } catch (Refusal r) {
                    return r.getMessage();
                }
            }));
        }
        go.countDown();
        List<String> results = new ArrayList<>();
        for (Future<String> f : answers) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        clickers.shutdown();
        await().atMost(Duration.ofSeconds(20)).until(() -> promotions.find(p.id()).orElseThrow().status().isTerminal());

        PromotionRequest done = promotions.find(p.id()).orElseThrow();
        assertThat(results).filteredOn("counted"::equals).hasSize(2);
        assertThat(results).filteredOn(r -> !r.equals("counted")).allSatisfy(r ->
                assertThat(r).containsAnyOf("already voted", "no longer waiting for approval"));
        assertThat(done.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(done.votes()).extracting(Vote::person).containsExactlyInAnyOrder("bob", "erin");
        assertThat(registry.copies).filteredOn(c -> c.contains(digest.toString())).hasSize(1);
        assertThat(deployer.calls).filteredOn(c -> c.startsWith("apply") && c.contains(digest.toString())).hasSize(1);
        assertThat(jdbc.sql("select count(*) from votes where promotion_id = ?").param(p.id()).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from audit_log where promotion_id = ? and action = 'approve'").param(p.id())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_log where promotion_id = ? and action = 'step copy' and outcome = 'running'")
                .param(p.id()).query(Long.class).single()).isEqualTo(1);
    }
}
