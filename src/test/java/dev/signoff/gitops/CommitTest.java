package dev.signoff.gitops;

import static dev.signoff.gitops.GitOpsFixtures.REPOSITORY;
import static dev.signoff.gitops.GitOpsFixtures.approved;
import static dev.signoff.gitops.GitOpsFixtures.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.Plan;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.Stage;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
import dev.signoff.promotion.steps.StepContext;
import dev.signoff.promotion.steps.Undo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

@DisplayName("The commit step against a real git server (git http-backend)")
class CommitTest {
    static final String TOKEN = "ghp_s3cr3tT0ken";
    static final Digest NEW = Digest.sha256Of("shop 1.5.0");
    static final Digest OLD = Digest.sha256Of("shop 1.4.0");
    static final String PATH = "envs/prod/kustomization.yaml";
    static final String KUSTOMIZATION = """
            # Production overlay: Signoff writes the shop image below.
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources: [ ../../base ]   # one base
            images:
              - name: redis        # pinned by hand
                newTag: "7.2"
              - name: shop
                newTag: 1.4.0      # set by CI until Signoff
            commonLabels:
                team:   shop
            """;

    @TempDir
    Path root;
    GitServer server;
    GitRepo repo;
    Path tokenFile;

    @BeforeEach
    void start() throws IOException {
        server = new GitServer(root, TOKEN);
        tokenFile = Files.writeString(root.resolve("token"), TOKEN + "\n");
        repo = GitOpsFixtures.repo(server.url("deploy"), "file:" + tokenFile);
        server.repository("deploy", Map.of(PATH, KUSTOMIZATION, "README.md", "deploy repository\n"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CommitStep step(GitWriter.BeforePush beforePush) {
        return new CommitStep(GitOpsFixtures.CONFIG, new GitWriter(name -> null, beforePush), null, new PullRequestWaits(), java.time.Duration.ofMinutes(1), name -> null);
    }

    private String run(CommitStep step, StepContext context) {
        context.promotion().stepStarted("commit", "", GitOpsFixtures.T0.plusSeconds(140));
        String summary = step.run(context, ProgressListener.NONE);
        context.promotion().stepDone("commit", summary, context.memo(), GitOpsFixtures.T0.plusSeconds(200));
        return summary;
    }

    /** The lines a commit changed, without the diff's headers: "-…" and "+…". */
    private List<String> changedLines(String commit) {
        return server.inRepo("deploy", "show", "--format=", "--unified=0", commit).lines()
                .filter(l -> (l.startsWith("+") || l.startsWith("-")) && !l.startsWith("+++") && !l.startsWith("---")).toList();
    }

    private String head() {
        return server.inRepo("deploy", "rev-parse", "main").strip();
    }

    private String file(String path) {
        return server.inRepo("deploy", "show", "main:" + path);
    }

    @Test
    @DisplayName("A kustomization: one commit with the message and trailers; the diff is exactly the entry's changed lines")
    void kustomization() {
        Stage stage = GitOpsFixtures.stage(repo, PATH, new GitDeploy.KustomizeImage("shop"), null);
        PromotionRequest p = approved("p-42", NEW);
        String summary = run(step(GitWriter.BeforePush.NONE), context("commit", p, stage));

        String commit = head();
        assertThat(summary).isEqualTo("committed " + commit.substring(0, 12) + " to " + PATH + " on main: shop:1.4.0 → " + REPOSITORY + "@" + NEW);
        assertThat(server.inRepo("deploy", "log", "-1", "--format=%B", "main")).isEqualTo("""
                Promote shop to prod: %s

                Source: registry.example.com/shop@%s
                Target: registry.example.com/shop@%s

                Signoff-Promotion: p-42
                Requested-by: alice
                Approved-by: bob
                Approved-by: erin

                """.formatted(NEW.shortForm(), NEW, NEW));
        assertThat(server.inRepo("deploy", "log", "-1", "--format=%an <%ae>", "main").strip()).isEqualTo("Signoff <signoff@example.com>");
        assertThat(server.inRepo("deploy", "log", "-1", "--format=%(trailers:key=Approved-by,valueonly,separator=%x2C)", "main").strip())
                .isEqualTo("bob,erin");
        assertThat(changedLines(commit)).containsExactly(
                "-    newTag: 1.4.0      # set by CI until Signoff",
                "+    newName: " + REPOSITORY,
                "+    digest: " + NEW);
        assertThat(server.inRepo("deploy", "rev-list", "--count", "main").strip()).isEqualTo("2");
    }

    @Test
    @DisplayName("A Helm values file with comments and odd spacing: only the digest and repository lines change, quotes kept")
    void helmValues() {
        String values = """
                # shop chart values for prod
                replicaCount:    3
                image:
                  # where the image comes from
                  repository: "registry.example.com/shop"   # quoted on purpose
                  tag: ""
                  digest: ''        # written by Signoff
                  pullPolicy: IfNotPresent
                resources: {limits: {cpu: 500m}}
                """;
        server.commitFiles("deploy", Map.of("charts/shop/values-prod.yaml", values), "Add Helm values");
        Stage stage = GitOpsFixtures.stage(repo, "charts/shop/values-prod.yaml", new GitDeploy.HelmValue("image.digest", "image.repository"), null);
        run(step(GitWriter.BeforePush.NONE), context("commit", approved("p-43", NEW), stage));

        assertThat(changedLines(head())).containsExactly(
                "-  digest: ''        # written by Signoff",
                "+  digest: '" + NEW + "'        # written by Signoff");
        assertThat(file("charts/shop/values-prod.yaml")).isEqualTo(values.replace("digest: ''", "digest: '" + NEW + "'"));
    }

    @Test
    @DisplayName("A plain manifest with two documents and a flow-style container: only the image changes")
    void manifest() {
        String manifest = """
                ---
                # the shop
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: shop, labels: {app: shop}}
                spec:
                  replicas: 2
                  template:
                    spec:
                      containers:
                        - {name: proxy, image: "envoyproxy/envoy:v1.31"}
                        -   name:  shop
                            image: registry.example.com/shop:1.4.0   # the app
                            ports: [{containerPort: 8080}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: shop}
                spec: {ports: [{port: 80}]}
                """;
        server.commitFiles("deploy", Map.of("apps/shop.yaml", manifest), "Add manifest");
        Stage stage = GitOpsFixtures.stage(repo, "apps/shop.yaml", new GitDeploy.ManifestContainer("shop", null), null);
        run(step(GitWriter.BeforePush.NONE), context("commit", approved("p-44", NEW), stage));

        assertThat(changedLines(head())).containsExactly(
                "-            image: registry.example.com/shop:1.4.0   # the app",
                "+            image: " + REPOSITORY + "@" + NEW + "   # the app");
    }

    @Test
    @DisplayName("The plan reads the file: the image it names now, the new one, and the commit that last changed the file")
    void plan() {
        server.commitFiles("deploy", Map.of("README.md", "unrelated\n"), "Unrelated change");
        String setBy = server.inRepo("deploy", "log", "-1", "--format=%H", "main", "--", PATH).strip();
        Stage stage = GitOpsFixtures.stage(repo, PATH, new GitDeploy.KustomizeImage("shop"), null);
        RepositoryPlanner planner = new RepositoryPlanner(GitOpsFixtures.CONFIG, new GitWriter(name -> null, GitWriter.BeforePush.NONE));

        Plan plan = planner.plan(stage.gitops(), ImageRef.parse("enterprise/shop:prod").withDigest(NEW));

        assertThat(plan).isEqualTo(new Plan("shop:1.4.0", REPOSITORY + "@" + NEW, null, "GitOps",
                "commit the images[] entry named shop in " + PATH + " of deploy-repo (main), set by " + setBy.substring(0, 12) + " \"Initial manifests\""));
    }

    @Test
    @DisplayName("A file that already names the digest is a success without a commit; a resumed run finds its own commit")
    void nothingToChange() {
        Stage stage = GitOpsFixtures.stage(repo, PATH, new GitDeploy.KustomizeImage("shop"), null);
        run(step(GitWriter.BeforePush.NONE), context("commit", approved("p-45", NEW), stage));
        String after = head();

        StepContext again = context("commit", approved("p-46", NEW), stage);
        assertThat(step(GitWriter.BeforePush.NONE).run(again, ProgressListener.NONE))
                .isEqualTo("already at " + NEW.shortForm() + " in " + PATH + ", nothing to commit");
        assertThat(again.memo()).isEqualTo("unchanged " + after);
        assertThat(head()).isEqualTo(after);

        PromotionRequest resumed = approved("p-45", NEW);
        resumed.stepStarted("commit", "", GitOpsFixtures.T0.plusSeconds(140));
        StepContext rerun = context("commit", resumed, stage);
        assertThat(rerun.resumed()).isTrue();
        step(GitWriter.BeforePush.NONE).run(rerun, ProgressListener.NONE);
        assertThat(rerun.memo()).isEqualTo("commit " + after);
        assertThat(server.inRepo("deploy", "rev-list", "--count", "main").strip()).isEqualTo("2");
    }

    @Test
    @DisplayName("The rollback command's commit says so in its first line, with the same trailers")
    void rollbackCommand() {
        Stage stage = GitOpsFixtures.stage(repo, PATH, new GitDeploy.KustomizeImage("shop"), null);
        run(step(GitWriter.BeforePush.NONE), context("commit", approved("p-53", OLD, PromotionKind.ROLLBACK), stage));

        assertThat(server.inRepo("deploy", "log", "-1", "--format=%s%n%(trailers:only,unfold)", "main").strip()).isEqualTo(
                "Roll back shop in prod: " + OLD.shortForm() + "\nSignoff-Promotion: p-53\nRequested-by: alice\nApproved-by: bob\nApproved-by: erin");
        assertThat(file(PATH)).contains("digest: " + OLD);
    }

    @Test
    @DisplayName("When another commit lands between fetch and push, the edit is applied again on the new head and pushed")
    void concurrentPush() {
        AtomicInteger pushes = new AtomicInteger();
        GitWriter.BeforePush carolFirst = attempt -> {
            pushes.incrementAndGet();
            if (attempt == 1) {
                server.commitFiles("deploy", Map.of(PATH, KUSTOMIZATION.replace("newTag: \"7.2\"", "newTag: \"7.4\"")), "redis 7.4");
            }
        };
        Stage stage = GitOpsFixtures.stage(repo, PATH, new GitDeploy.KustomizeImage("shop"), null);
        run(step(carolFirst), context("commit", approved("p-47", NEW), stage));

        assertThat(pushes).hasValue(2);
        assertThat(server.inRepo("deploy", "log", "--format=%s", "main").lines().toList())
                .containsExactly("Promote shop to prod: " + NEW.shortForm(), "redis 7.4", "Initial manifests");
        assertThat(changedLines(head())).hasSize(3);
        assertThat(file(PATH)).contains("newTag: \"7.4\"").contains("digest: " + NEW).doesNotContain("1.4.0");
    }

    @Test
    @DisplayName("A branch that keeps moving fails after three tries, without forcing")
    void keepsMoving() {
        AtomicInteger n = new AtomicInteger();
        GitWriter.BeforePush always = attempt -> server.commitFiles("deploy", Map.of("README.md", "change " + n.incrementAndGet() + "\n"), "busy");
        Stage stage = GitOpsFixtures.stage(repo, PATH, new GitDeploy.KustomizeImage("shop"), null);
        StepFailure failure = catchThrowableOfType(StepFailure.class,
                () -> step(always).run(context("commit", approved("p-48", NEW), stage), ProgressListener.NONE));
        assertThat(failure).hasMessage(repo.describe() + ", file " + PATH + ": the push was rejected 3 times because the branch kept moving; nothing was forced");
        assertThat(server.inRepo("deploy", "log", "-1", "--format=%s", "main").strip()).isEqualTo("busy");
    }

    @Test
    @DisplayName("Refused credentials name the repository and branch, never the token")
    void authenticationRefused() throws IOException {
        Files.writeString(tokenFile, "ghp_wrongT0ken");
        Stage stage = GitOpsFixtures.stage(repo, PATH, new GitDeploy.KustomizeImage("shop"), null);
        StepFailure failure = catchThrowableOfType(StepFailure.class,
                () -> step(GitWriter.BeforePush.NONE).run(context("commit", approved("p-49", NEW), stage), ProgressListener.NONE));
        assertThat(failure.getMessage())
                .isEqualTo("git repository deploy-repo (" + server.url("deploy") + "), branch main: authentication refused "
                        + "(check the credentials and that they may fetch)")
                .doesNotContain("ghp_");
    }

    @Test
    @DisplayName("A push refused by a server hook fails with the server's message")
    void hookRejects() throws IOException {
        Path hook = root.resolve("deploy.git/hooks/pre-receive");
        Files.writeString(hook, "#!/bin/sh\necho 'main is protected: open a pull request' >&2\nexit 1\n");
        hook.toFile().setExecutable(true);
        Stage stage = GitOpsFixtures.stage(repo, PATH, new GitDeploy.KustomizeImage("shop"), null);
        StepFailure failure = catchThrowableOfType(StepFailure.class,
                () -> step(GitWriter.BeforePush.NONE).run(context("commit", approved("p-50", NEW), stage), ProgressListener.NONE));
        assertThat(failure).hasMessage(repo.describe() + ", file " + PATH
                + ": the push was rejected (pre-receive hook declined): main is protected: open a pull request");
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    @DisplayName("A missing images[] entry names the repository, branch, file and the entries there are")
    void missingEntry() {
        Stage stage = GitOpsFixtures.stage(repo, PATH, new GitDeploy.KustomizeImage("web"), null);
        StepFailure failure = catchThrowableOfType(StepFailure.class,
                () -> step(GitWriter.BeforePush.NONE).run(context("commit", approved("p-51", NEW), stage), ProgressListener.NONE));
        assertThat(failure).hasMessage(repo.describe() + ", file " + PATH + ": the kustomization has no images[] entry named web; its entries are redis, shop");
    }

    @Test
    @DisplayName("Undo is a second commit that puts the file back byte for byte, with the Signoff-Rollback-Of trailer")
    void undo() {
        server.commitFiles("deploy", Map.of(PATH, KUSTOMIZATION.replace("newTag: 1.4.0      # set by CI until Signoff",
                "newName: registry.example.com/shop\n    digest: " + OLD + "   # last good")), "Pin 1.4.0");
        String before = file(PATH);
        Stage stage = GitOpsFixtures.stage(repo, PATH, new GitDeploy.KustomizeImage("shop"), null);
        PromotionRequest p = approved("p-52", NEW);
        CommitStep step = step(GitWriter.BeforePush.NONE);
        run(step, context("commit", p, stage));
        String promoted = head();

        Undo.PutBack undo = (Undo.PutBack) step.undo(context("verify", p, stage));
        assertThat(undo.description()).isEqualTo("committing " + PATH + " back as it was before " + promoted.substring(0, 12));
        String summary = undo.work().apply(ProgressListener.NONE);

        assertThat(file(PATH)).isEqualTo(before);
        assertThat(summary).isEqualTo("committed " + head().substring(0, 12) + ", putting back " + REPOSITORY + "@" + OLD);
        assertThat(server.inRepo("deploy", "log", "-1", "--format=%B", "main")).isEqualTo("""
                Roll back shop in prod: %s

                Puts back what %s replaced: promotion p-52 of %s did not finish.

                Signoff-Rollback-Of: p-52

                """.formatted(OLD.shortForm(), promoted.substring(0, 12), NEW.shortForm()));
        assertThat(server.inRepo("deploy", "rev-list", "--count", "main").strip()).isEqualTo("4");
        // Run again (a crash after the push): the rollback commit is found, nothing new is written.
        undo.work().apply(ProgressListener.NONE);
        assertThat(server.inRepo("deploy", "rev-list", "--count", "main").strip()).isEqualTo("4");
    }
}
