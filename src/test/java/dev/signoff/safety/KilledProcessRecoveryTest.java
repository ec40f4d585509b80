package dev.signoff.safety;

import dev.signoff.SignoffApplication;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.Step;
import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.TestAdapters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * A real second JVM runs a promotion and is killed (SIGKILL) in the middle of its copy; this
 * process, on the same PostgreSQL, adopts the orphaned promotion and finishes it.
 */
@EnabledIf("dev.signoff.testing.LocalPostgres#available")
@DisplayName("A process killed mid-step")
class KilledProcessRecoveryTest {
    static final String SCHEMA = "signoff_killed_" + Long.toHexString(System.nanoTime());
    private Process child;
    private ConfigurableApplicationContext survivor;

    private static List<String> database() {
        return List.of("--server.port=0",
                "--spring.datasource.url=" + ConcurrentApprovalsOnPostgresTest.URL + "?currentSchema=" + SCHEMA,
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--spring.flyway.schemas=" + SCHEMA);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (child != null) {
            child.destroyForcibly().waitFor();
        }
        if (survivor != null) {
            survivor.close();
        }
        try (var c = DriverManager.getConnection(ConcurrentApprovalsOnPostgresTest.URL, "postgres", ""); var s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Test
    @DisplayName("is adopted by another process, which copies again and finishes the promotion")
    void adoptedAfterKill(@TempDir Path dir) throws Exception {
        Path started = dir.resolve("copy-started");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), SlowCopyApp.class.getName(), started.toString()));
        command.addAll(database());
        child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(started) || !child.isAlive());
        assertThat(child.isAlive()).as("the child process started its copy; see " + dir.resolve("child.log")).isTrue();
        child.destroyForcibly().waitFor();

        List<String> args = new ArrayList<>(database());
        args.addAll(List.of("--signoff.recovery.stale-after=1s", "--signoff.recovery.interval=300ms",
                "--signoff.recovery.initial-delay=1s"));
        survivor = new SpringApplicationBuilder(SignoffApplication.class, TestAdapters.class).run(args.toArray(String[]::new));
        survivor.getBean(FakeRegistry.class).push("sandbox/shop:killed", Digest.sha256Of("killed mid-copy"));
        Promotions promotions = survivor.getBean(Promotions.class);
        PromotionRequest left = promotions.recent(10).stream().filter(p -> p.toStage().equals("dev")).findFirst().orElseThrow();
        assertThat(left.status()).isIn(PromotionStatus.RUNNING, PromotionStatus.SUCCEEDED);

        await().atMost(Duration.ofSeconds(30)).until(() -> promotions.find(left.id()).orElseThrow().status().isTerminal());
        PromotionRequest done = promotions.find(left.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(done.steps()).extracting(Step::name, Step::state).containsExactly(
                tuple("copy", Step.State.FAILED), tuple("copy", Step.State.DONE), tuple("deploy", Step.State.DONE),
                tuple("verify", Step.State.DONE));
        assertThat(done.steps().getFirst().detail()).isEqualTo("interrupted: Signoff stopped while this ran");
    }
}
