package dev.signoff.kubernetes;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.Strategy;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.ProgressListener;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.signoff.kubernetes.FakeController.Outcome.NEVER_READY;
import static dev.signoff.kubernetes.MockCluster.CONTEXT;
import static dev.signoff.kubernetes.MockCluster.NEW;
import static dev.signoff.kubernetes.MockCluster.NEW_REF;
import static dev.signoff.kubernetes.MockCluster.OLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

@DisplayName("An abort while a rollout is watched")
class AbortTest extends ClusterTest {
    /** Long enough that only the abort can end the watch within the test's limits. */
    private static final Duration LONG = Duration.ofMinutes(5);

    private final AtomicBoolean aborted = new AtomicBoolean();
    /** Not the common pool: fabric8 completes its own futures there, and a blocked watch must not starve it. */
    private final java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    /** Progress into {@link #progress}; stops once {@link #aborted} is set, as the runner's listener does. */
    private final ProgressListener stopping = new ProgressListener() {
        @Override
        public void progress(String detail) {
            progress.add(detail);
        }

        @Override
        public void checkStopped() {
            if (aborted.get()) {
                throw new Deployer.Aborted("aborted by bob");
            }
        }
    };

    @BeforeEach
    void setUp() {
        cluster.deployment(namespace, "shop", 4, OLD);
        controller.when(NEW, NEVER_READY);
    }

    @Test
    @DisplayName("of a rolling deploy ends the watch within about a second, and the rollback puts the previous image back")
    void rolling() throws Exception {
        DeployTarget target = MockCluster.target(namespace, "deployment", new Strategy.Rolling(), LONG);
        Deployer.Rollout rollout = deployer.apply(target, NEW_REF, CONTEXT, stopping);
        CompletableFuture<Void> watch = CompletableFuture.runAsync(() -> deployer.awaitRollout(rollout, stopping), background);
        await().atMost(Duration.ofSeconds(10)).until(() -> progress.stream().anyMatch(p -> p.contains("updated")));

        Throwable stopped = abort(watch);

        assertThat(stopped).isInstanceOf(Deployer.Aborted.class).hasMessage("aborted by bob");
        deployer.rollback(rollout, progress::add);
        assertThat(MockCluster.image(cluster.getDeployment(namespace, "shop"))).isEqualTo(OLD);
    }

    @Test
    @DisplayName("of a canary step removes the canary and leaves the stable Deployment untouched")
    void canary() throws Exception {
        DeployTarget target = MockCluster.target(namespace, "deployment", new Strategy.Canary(List.of(10, 50, 100), Duration.ofMinutes(5)), LONG);
        CompletableFuture<Void> apply = CompletableFuture.runAsync(() -> deployer.apply(target, NEW_REF, CONTEXT, stopping), background);
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.getDeployment(namespace, "shop-canary") != null);

        Throwable stopped = abort(apply);

        assertThat(stopped).isInstanceOf(Deployer.Aborted.class);
        assertThat(cluster.getDeployment(namespace, "shop-canary")).isNull();
        Deployment stable = cluster.getDeployment(namespace, "shop");
        assertThat(MockCluster.image(stable)).isEqualTo(OLD);
        assertThat(stable.getMetadata().getGeneration()).isEqualTo(1);
    }

    @org.junit.jupiter.api.AfterEach
    void stopBackground() {
        aborted.set(true);
        background.close();
    }

    /** Sets the abort and returns what the work failed with, checking that it stopped within about a second. */
    private Throwable abort(CompletableFuture<Void> work) throws Exception {
        long start = System.nanoTime();
        aborted.set(true);
        Throwable failure = catchThrowableOfType(ExecutionException.class, () -> work.get(10, TimeUnit.SECONDS)).getCause();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        return failure;
    }
}
