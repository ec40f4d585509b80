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
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * A real second JVM ({@link SlowCopyApp}) runs a promotion and is killed (SIGKILL) in the middle
 * of its copy; then a Signoff in this JVM starts on the same database, adopts the orphaned
 * promotion and finishes it. The subclasses say which database: {@link #database} gives the
 * arguments both processes start with, {@link #dropDatabase} removes it afterwards.
 */
abstract class KilledProcessRecovery {
    @TempDir
    Path dir;
    private Process child;
    private ConfigurableApplicationContext survivor;

    /** The Spring Boot arguments that put a Signoff on this test's database ({@code dir} is a fresh folder). */
    abstract List<String> database(Path dir);

    /** Removes what {@link #database} created, once both processes have stopped. */
    void dropDatabase() throws Exception {
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (child != null) {
            child.destroyForcibly().waitFor();
        }
        if (survivor != null) {
            survivor.close();
        }
        dropDatabase();
    }

    @Test
    @DisplayName("is adopted by another process, which copies again and finishes the promotion")
    void adoptedAfterKill() throws Exception {
        Path started = dir.resolve("copy-started");
        Path log = dir.resolve("child.log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), SlowCopyApp.class.getName(), started.toString(), "--server.port=0", "--signoff.samples=false",
                "--signoff.pipelines=" + System.getProperty("signoff.pipelines")));
        command.addAll(database(dir));
        child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(started) || !child.isAlive());
        assertThat(child.isAlive()).as("the child process started its copy; see " + log).isTrue();
        child.destroyForcibly().waitFor();

        List<String> args = new ArrayList<>(database(dir));
        args.addAll(List.of("--server.port=0", "--signoff.recovery.stale-after=1s", "--signoff.recovery.interval=300ms",
                "--signoff.recovery.initial-delay=1s"));
        survivor = new SpringApplicationBuilder(SignoffApplication.class, TestAdapters.class).run(args.toArray(String[]::new));
        survivor.getBean(FakeRegistry.class).push("sandbox/shop:killed", Digest.sha256Of("killed mid-copy"));
        Promotions promotions = survivor.getBean(Promotions.class);
        PromotionRequest left = promotions.recent(10).stream().filter(p -> p.toStage().equals("dev")).findFirst()
                .orElseThrow(() -> new AssertionError("the killed process left no promotion into dev in the database; see " + log));
        assertThat(left.status()).as("the killed process's last state").isIn(PromotionStatus.RUNNING, PromotionStatus.SUCCEEDED);

        await().atMost(Duration.ofSeconds(30)).until(() -> promotions.find(left.id()).orElseThrow().status().isTerminal());
        PromotionRequest done = promotions.find(left.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(done.steps()).extracting(Step::name, Step::state).containsExactly(
                tuple("copy", Step.State.FAILED), tuple("copy", Step.State.DONE), tuple("deploy", Step.State.DONE),
                tuple("verify", Step.State.DONE));
        assertThat(done.steps().getFirst().detail()).isEqualTo("interrupted: Signoff stopped while this ran");
    }
}
