package dev.signoff.gitops;

import static dev.signoff.gitops.GitOpsFixtures.approved;
import static dev.signoff.gitops.GitOpsFixtures.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.signoff.kubernetes.ClusterClients;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.Stage;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
import dev.signoff.promotion.steps.StepContext;
import dev.signoff.promotion.steps.Undo;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

@DisplayName("Waiting for Argo CD and Flux (mock API server, a test controller that reads the branch with git)")
class SyncTest {
    static final String TOKEN = "glpat-s3cr3t";
    static final Digest OLD = Digest.sha256Of("shop 1.4.0");
    static final Digest NEW = Digest.sha256Of("shop 1.5.0");
    static final String PATH = "envs/prod/kustomization.yaml";
    static final String KUSTOMIZATION = """
            resources: [ ../../base ]
            images:
              - name: shop   # the app
                newName: registry.example.com/shop
                digest: %s
            """.formatted(OLD);
    static final GitDeploy.Controller ARGO = new GitDeploy.Controller(GitDeploy.Controller.Kind.ARGOCD, "prod", "argocd", "shop-prod");
    static final GitDeploy.Controller FLUX = new GitDeploy.Controller(GitDeploy.Controller.Kind.FLUX, "prod", "flux-system", "shop");

    @TempDir
    Path root;
    GitServer server;
    GitRepo repo;
    KubernetesMockServer api;
    NamespacedKubernetesClient client;
    FakeGitOpsController controller;
    final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new GitServer(root, TOKEN);
        Path token = Files.writeString(root.resolve("token"), "oauth2:" + TOKEN);
        repo = GitOpsFixtures.repo(server.url("deploy"), "file:" + token);
        server.repository("deploy", Map.of(PATH, KUSTOMIZATION));
        api = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), new HashMap<>(),
                new KubernetesMixedDispatcher(new HashMap<>()), false);
        api.init(InetAddress.getByName("127.0.0.1"), 0);
        client = api.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
    }

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
        client.close();
        api.destroy();
        server.close();
    }

    private void application() {
        create(ControllerWatch.APPLICATION, "argocd", "shop-prod", Map.of("project", "default",
                "source", Map.of("repoURL", server.url("deploy"), "path", "envs/prod", "targetRevision", "main"),
                "destination", Map.of("server", "https://kubernetes.default.svc", "namespace", "shop")));
        controller = new FakeGitOpsController(client, server, PATH, ARGO);
    }

    private void kustomization() {
        create(ControllerWatch.GIT_REPOSITORY, "flux-system", "deploy", Map.of("url", server.url("deploy"), "ref", Map.of("branch", "main"), "interval", "5m"));
        create(ControllerWatch.KUSTOMIZATION, "flux-system", "shop", Map.of("interval", "10m", "path", "./envs/prod", "prune", true,
                "sourceRef", Map.of("kind", "GitRepository", "name", "deploy")));
        controller = new FakeGitOpsController(client, server, PATH, FLUX);
    }

    private void create(io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext type, String namespace, String name, Map<String, Object> spec) {
        GenericKubernetesResource object = new GenericKubernetesResourceBuilder()
                .withApiVersion(type.getGroup() + "/" + type.getVersion()).withKind(type.getKind())
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .addToAdditionalProperties("spec", spec).build();
        client.genericKubernetesResources(type).inNamespace(namespace).resource(object).create();
    }

    private ControllerWatch watch() {
        ClusterClients clusters = new ClusterClients() {
            public io.fabric8.kubernetes.client.KubernetesClient client(String cluster) {
                return client;
            }

            public String describe(String cluster) {
                return "cluster " + cluster;
            }
        };
        return new ControllerWatch(clusters, Duration.ofMillis(50), Clock.systemUTC());
    }

    private GitWriter writer() {
        return new GitWriter(name -> null, GitWriter.BeforePush.NONE);
    }

    private CommitStep commitStep() {
        return new CommitStep(GitOpsFixtures.CONFIG, writer(), watch(), new PullRequestWaits(), Duration.ofMinutes(1), name -> null);
    }

    private SyncStep syncStep() {
        return new SyncStep(writer(), watch());
    }

    /** Runs commit as the runner would, then returns the context of sync. */
    private StepContext committed(PromotionRequest p, Stage stage) {
        StepContext commit = context("commit", p, stage);
        p.stepStarted("commit", "", GitOpsFixtures.T0.plusSeconds(140));
        String summary = commitStep().run(commit, ProgressListener.NONE);
        p.stepDone("commit", summary, commit.memo(), GitOpsFixtures.T0.plusSeconds(150));
        StepContext sync = context("sync", p, stage);
        p.stepStarted("sync", "", GitOpsFixtures.T0.plusSeconds(151));
        return sync;
    }

    private String head() {
        return server.inRepo("deploy", "rev-parse", "main").strip();
    }

    @Test
    @DisplayName("Argo CD: refresh requested, progress shown, done once the pushed commit is Synced and Healthy")
    void argoHealthy() {
        application();
        Stage stage = GitOpsFixtures.stage(repo, PATH, new GitDeploy.KustomizeImage("shop"), ARGO);
        StepContext sync = committed(approved("p-60", NEW), stage);

        String summary = syncStep().run(sync, progress::add);

        assertThat(summary).isEqualTo("Argo CD: Synced, Healthy at " + head().substring(0, 12));
        assertThat(progress).contains("Argo CD: Synced, Progressing");
        assertThat(controller.refreshes).first().isEqualTo("normal");
        assertThat(client.genericKubernetesResources(ControllerWatch.APPLICATION).inNamespace("argocd").withName("shop-prod").get()
                .getMetadata().getAnnotations()).doesNotContainKey(ControllerWatch.ARGO_REFRESH);
    }

    @Test
    @DisplayName("Argo CD: a commit someone pushed after Signoff's counts, since it contains Signoff's")
    void laterCommit() {
        application();
        Stage stage = GitOpsFixtures.stage(repo, PATH, new GitDeploy.KustomizeImage("shop"), ARGO);
        StepContext sync = committed(approved("p-61", NEW), stage);
        server.commitFiles("deploy", Map.of("README.md", "later\n"), "Carol's later commit");

        assertThat(syncStep().run(sync, progress::add)).startsWith("Argo CD: Synced, Healthy");
    }

    @Test
    @DisplayName("Argo CD: Degraded fails with the controller's message; the undo commits the previous digest back and waits for it")
    void argoDegradedRolledBack() {
        application();
        controller.when(NEW.hex(), FakeGitOpsController.Outcome.DEGRADED);
        Stage stage = GitOpsFixtures.stage(repo, PATH, new GitDeploy.KustomizeImage("shop"), ARGO);
        PromotionRequest p = approved("p-62", NEW);
        StepContext sync = committed(p, stage);
        String promoted = head();

        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> syncStep().run(sync, progress::add));
        assertThat(failure).hasMessage("Argo CD Application argocd/shop-prod on cluster prod: Degraded: Deployment/shop: "
                + FakeGitOpsController.DEGRADED_MESSAGE);

        Undo.PutBack undo = (Undo.PutBack) commitStep().undo(sync);
        String summary = undo.work().apply(progress::add);

        String rollback = head();
        assertThat(summary).isEqualTo("committed " + rollback.substring(0, 12) + ", putting back registry.example.com/shop@" + OLD
                + "; Argo CD: Synced, Healthy at " + rollback.substring(0, 12));
        assertThat(server.inRepo("deploy", "show", "main:" + PATH)).isEqualTo(KUSTOMIZATION);
        assertThat(server.inRepo("deploy", "log", "--format=%s%n%(trailers:only,unfold)", "-2", "main").strip()).isEqualTo("""
                Roll back shop in prod: %s
                Signoff-Rollback-Of: p-62

                Promote shop to prod: %s
                Signoff-Promotion: p-62
                Requested-by: alice
                Approved-by: bob
                Approved-by: erin""".formatted(OLD.shortForm(), NEW.shortForm()));
        assertThat(promoted).isNotEqualTo(rollback);
    }

    @Test
    @DisplayName("Argo CD: a failed sync operation fails with its message")
    void argoSyncFailed() {
        application();
        controller.when(NEW.hex(), FakeGitOpsController.Outcome.SYNC_FAILED);
        Stage stage = GitOpsFixtures.stage(repo, PATH, new GitDeploy.KustomizeImage("shop"), ARGO);
        StepContext sync = committed(approved("p-63", NEW), stage);

        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> syncStep().run(sync, progress::add));
        assertThat(failure).hasMessage("Argo CD Application argocd/shop-prod on cluster prod: sync failed: " + FakeGitOpsController.SYNC_FAILED_MESSAGE);
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    @DisplayName("Argo CD: a controller that never reports the commit fails at the stage timeout with the last state")
    void argoTimeout() {
        application();
        controller.when(NEW.hex(), FakeGitOpsController.Outcome.IGNORES);
        Stage stage = GitOpsFixtures.stage(repo, PATH, new GitDeploy.KustomizeImage("shop"), ARGO, Duration.ofSeconds(1));
        StepContext sync = committed(approved("p-64", NEW), stage);

        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> syncStep().run(sync, progress::add));
        assertThat(failure).hasMessage("Argo CD Application argocd/shop-prod on cluster prod did not report " + head().substring(0, 12)
                + " synced and healthy within 1s; last: Unknown, Unknown");
    }

    @Test
    @DisplayName("Flux: requestedAt on the Kustomization and its GitRepository; done when lastAppliedRevision is the commit and Ready is True")
    void fluxReady() {
        kustomization();
        Stage stage = GitOpsFixtures.stage(repo, PATH, new GitDeploy.KustomizeImage("shop"), FLUX);
        StepContext sync = committed(approved("p-65", NEW), stage);

        String summary = syncStep().run(sync, progress::add);

        assertThat(summary).isEqualTo("Flux: Ready True (ReconciliationSucceeded) at " + head().substring(0, 12));
        assertThat(progress).contains("Flux: Ready Unknown (Progressing)");
        assertThat(client.genericKubernetesResources(ControllerWatch.GIT_REPOSITORY).inNamespace("flux-system").withName("deploy").get()
                .getMetadata().getAnnotations()).containsKey(ControllerWatch.FLUX_REQUESTED_AT);
        assertThat(controller.refreshes).isNotEmpty();
    }

    @Test
    @DisplayName("Flux: Ready False for the commit fails with the reason and message")
    void fluxNotReady() {
        kustomization();
        controller.when(NEW.hex(), FakeGitOpsController.Outcome.DEGRADED);
        Stage stage = GitOpsFixtures.stage(repo, PATH, new GitDeploy.KustomizeImage("shop"), FLUX);
        StepContext sync = committed(approved("p-66", NEW), stage);

        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> syncStep().run(sync, progress::add));
        assertThat(failure).hasMessage("Flux Kustomization flux-system/shop on cluster prod: HealthCheckFailed: " + FakeGitOpsController.HEALTH_CHECK_MESSAGE);
    }

    @Test
    @DisplayName("A missing Application names itself")
    void missing() {
        Stage stage = GitOpsFixtures.stage(repo, PATH, new GitDeploy.KustomizeImage("shop"), ARGO);
        StepContext sync = committed(approved("p-67", NEW), stage);
        assertThat(catchThrowableOfType(StepFailure.class, () -> syncStep().run(sync, progress::add)))
                .hasMessage("Argo CD Application argocd/shop-prod on cluster prod does not exist");
    }
}
