package dev.signoff.safety;

import dev.signoff.SignoffApplication;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.ReleaseRequest;
import dev.signoff.promotion.Releases;
import dev.signoff.promotion.Step;
import dev.signoff.testing.FakeDeployer;
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
 * promotion and finishes it; or it is killed during the second app of a release, and the Signoff
 * in this JVM takes up the release and finishes it. The subclasses say which database: {@link #database} gives the
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
        Path log = killed(SlowCopyApp.class, System.getProperty("signoff.pipelines"), "copy");
        survive(System.getProperty("signoff.pipelines"));
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

    @Test
    @DisplayName("is taken up with its release: the release killed during its second app finishes in another process")
    void releaseTakenUpAfterKill() throws Exception {
        Path pipelines = Path.of("src/test/resources/safety/release-pipelines.yaml");
        Path log = killed(SlowReleaseApp.class, pipelines.toString(), "release");
        survive(pipelines.toString());
        FakeRegistry registry = survivor.getBean(FakeRegistry.class);
        registry.push("sandbox/shop:dev", SlowReleaseApp.SHOP);
        registry.push("sandbox/cart:dev", SlowReleaseApp.CART);
        Releases releases = survivor.getBean(Releases.class);
        ReleaseRequest left = releases.latest("both")
                .orElseThrow(() -> new AssertionError("the killed process left no release in the database; see " + log));
        assertThat(left.status()).as("the killed process's last state").isIn(PromotionStatus.APPROVED, PromotionStatus.RUNNING);

        ReleaseRequest done = await().atMost(Duration.ofSeconds(60))
                .until(() -> releases.find(left.id()).orElseThrow(), r -> r.status().isTerminal());
        assertThat(done.status()).as(done.statusReason()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(done.statusReason()).isEqualTo("deployed shop " + SlowReleaseApp.SHOP.shortForm() + ", cart "
                + SlowReleaseApp.CART.shortForm());
        assertThat(releases.members(done)).extracting(PromotionRequest::status).containsOnly(PromotionStatus.SUCCEEDED);
        assertThat(survivor.getBean(FakeDeployer.class).calls).as("cart's rollout is watched to its end here")
                .contains("await dev/cart-test/deployment/cart");
    }

    /** Starts {@code app} in a second JVM on this test's database, waits until it says it is mid-way, and kills it; returns its log. */
    private Path killed(Class<?> app, String pipelines, String what) throws Exception {
        Path started = dir.resolve(what + "-started");
        Path log = dir.resolve(what + "-child.log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), app.getName(), started.toString(), "--server.port=0", "--signoff.samples=false",
                "--signoff.pipelines=" + pipelines));
        command.addAll(database(dir));
        child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(started) || !child.isAlive());
        assertThat(child.isAlive()).as("the child process got mid-way (" + what + "); see " + log).isTrue();
        child.destroyForcibly().waitFor();
        return log;
    }

    /** Starts a Signoff in this JVM on the same database, recovering at once what is stale. */
    private void survive(String pipelines) {
        List<String> args = new ArrayList<>(database(dir));
        args.addAll(List.of("--server.port=0", "--signoff.recovery.stale-after=1s", "--signoff.recovery.interval=300ms",
                "--signoff.recovery.initial-delay=1s", "--signoff.pipelines=" + pipelines));
        survivor = new SpringApplicationBuilder(SignoffApplication.class, TestAdapters.class).run(args.toArray(String[]::new));
    }
}
