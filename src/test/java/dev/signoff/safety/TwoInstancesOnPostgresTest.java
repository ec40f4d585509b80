package dev.signoff.safety;

import dev.signoff.SignoffApplication;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.Refusal;
import dev.signoff.promotion.Vote;
import dev.signoff.testing.FakeDeployer;
import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.TestAdapters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.DriverManager;
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
 * Two Signoff processes' worth of application (two Spring contexts, each with its own runner,
 * executor and lease owner) on one PostgreSQL schema; approval clicks are split between them.
 */
@EnabledIf("dev.signoff.testing.LocalPostgres#available")
@DisplayName("Two instances on one PostgreSQL")
class TwoInstancesOnPostgresTest {
    static final String SCHEMA = "signoff_two_" + Long.toHexString(System.nanoTime());
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;

    @BeforeAll
    static void start() {
        first = instance();
        second = instance();
    }

    private static ConfigurableApplicationContext instance() {
        return new SpringApplicationBuilder(SignoffApplication.class, TestAdapters.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + ConcurrentApprovalsOnPostgresTest.URL + "?currentSchema=" + SCHEMA,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.flyway.schemas=" + SCHEMA,
                "--signoff.recovery.interval=200ms",
                "--signoff.recovery.initial-delay=0s");
    }

    @AfterAll
    static void stop() throws Exception {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        try (var c = DriverManager.getConnection(ConcurrentApprovalsOnPostgresTest.URL, "postgres", ""); var s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Test
    @DisplayName("concurrent clicks split between two instances: one vote per person, one execution in all")
    void splitClicks() throws Exception {
        Digest digest = Digest.sha256Of("two instances");
        for (var context : List.of(first, second)) {
            context.getBean(FakeRegistry.class).push("enterprise/shop:release", digest);
        }
        PromotionRequest p = first.getBean(Promotions.class).promote("alice", "shop", null, "prod");
        ExecutorService clickers = Executors.newFixedThreadPool(40);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Promotions instance = (i % 2 == 0 ? first : second).getBean(Promotions.class);
            String person = i % 4 < 2 ? "bob" : "erin";
            answers.add(clickers.submit(() -> {
                go.await();
                try {
                    instance.approve(person, p.id(), digest);
                    return "counted";
                } catch (Refusal r) {
                    return "refused";
                }
            }));
        }
        go.countDown();
        long counted = 0;
        for (Future<String> answer : answers) {
            counted += answer.get(60, TimeUnit.SECONDS).equals("counted") ? 1 : 0;
        }
        clickers.shutdown();
        Promotions promotions = second.getBean(Promotions.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> promotions.find(p.id()).orElseThrow().status().isTerminal());

        PromotionRequest done = promotions.find(p.id()).orElseThrow();
        assertThat(counted).isEqualTo(2);
        assertThat(done.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(done.votes()).extracting(Vote::person).containsExactlyInAnyOrder("bob", "erin");
        String mine = digest.toString();
        long copies = first.getBean(FakeRegistry.class).copies.stream().filter(c -> c.contains(mine)).count()
                + second.getBean(FakeRegistry.class).copies.stream().filter(c -> c.contains(mine)).count();
        long deploys = first.getBean(FakeDeployer.class).calls.stream().filter(c -> c.startsWith("apply") && c.contains(mine)).count()
                + second.getBean(FakeDeployer.class).calls.stream().filter(c -> c.startsWith("apply") && c.contains(mine)).count();
        assertThat(copies).isEqualTo(1);
        assertThat(deploys).isEqualTo(1);
    }

    @Test
    @DisplayName("a Continue clicked on the replica that does not run the paused rollout still reaches it")
    void continueOnAnotherReplica() {
        for (var context : List.of(first, second)) {
            context.getBean(FakeRegistry.class).push("sandbox/shop:paused", Digest.sha256Of("paused"));
            context.getBean(FakeDeployer.class).pauseAt = "canary at 10%";
        }
        PromotionRequest p = first.getBean(Promotions.class).promote("alice", "shop", "paused", "dev");
        await().atMost(Duration.ofSeconds(30)).until(() -> first.getBean(Promotions.class).isPaused(p.id())
                || second.getBean(Promotions.class).isPaused(p.id()));
        ConfigurableApplicationContext running = first.getBean(Promotions.class).isPaused(p.id()) ? first : second;
        ConfigurableApplicationContext other = running == first ? second : first;
        other.getBean(Promotions.class).resume("alice", p.id(), true);
        Promotions promotions = other.getBean(Promotions.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> promotions.find(p.id()).orElseThrow().status().isTerminal());
        assertThat(promotions.find(p.id()).orElseThrow().status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(promotions.find(p.id()).orElseThrow().steps()).anySatisfy(s -> assertThat(s.detail()).isEqualTo("continued by alice"));
        for (var context : List.of(first, second)) {
            context.getBean(FakeDeployer.class).pauseAt = null;
        }
    }
}
