package dev.signoff.gitops;

import static dev.signoff.gitops.GitOpsFixtures.approved;
import static dev.signoff.gitops.GitOpsFixtures.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PullRequestLink;
import dev.signoff.promotion.Stage;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
import dev.signoff.promotion.steps.StepContext;
import dev.signoff.promotion.steps.Undo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

@DisplayName("Pull-request mode: a branch on the real git server, the request on WireMock as GitHub's or GitLab's REST API")
@ExtendWith(OutputCaptureExtension.class)
class PullRequestTest {
    static final String TOKEN = "ghp_pr5ecr3tT0ken";
    static final String ID = "p-61";
    static final String BRANCH = "signoff/shop-prod-" + ID;
    static final String PROJECT = "git/deploy";
    static final Digest NEW = Digest.sha256Of("shop 1.6.0");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path root;
    GitServer server;
    ForgeStub forge;
    Path tokenFile;
    final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new GitServer(root, TOKEN);
        tokenFile = Files.writeString(root.resolve("token"), TOKEN + "\n");
        server.repository("deploy", Map.of(CommitTest.PATH, CommitTest.KUSTOMIZATION));
    }

    @AfterEach
    void stop() {
        server.close();
        if (forge != null) {
            forge.close();
        }
    }

    private Stage stage(GitRepo.Provider provider) {
        forge = provider == GitRepo.Provider.GITLAB ? ForgeStub.gitlab(PROJECT, TOKEN) : ForgeStub.github(PROJECT, TOKEN);
        return stage(provider, forge);
    }

    private Stage stage(GitRepo.Provider provider, ForgeStub forge) {
        GitRepo repo = new GitRepo("deploy-repo", server.url("deploy"), "main", "file:" + tokenFile, true, "Signoff", "signoff@example.com",
                provider, forge.api(), null);
        return new Stage("prod", dev.signoff.promotion.ImageRef.parse("enterprise/shop:prod"), null, GitOpsFixtures.TWO,
                dev.signoff.promotion.Gates.none(), List.of(), null, null, null, false, true,
                new GitDeploy(repo, CommitTest.PATH, new GitDeploy.KustomizeImage("shop"), true, null, Duration.ofSeconds(20)));
    }

    private static CommitStep step(Duration poll) {
        return new CommitStep(GitOpsFixtures.CONFIG, new GitWriter(name -> null, GitWriter.BeforePush.NONE), null, new PullRequestWaits(), poll, name -> null);
    }

    private ProgressListener listener(AtomicBoolean aborted) {
        return new ProgressListener() {
            @Override
            public void progress(String detail) {
                progress.add(detail);
            }

            @Override
            public void checkStopped() {
                if (aborted.get()) {
                    throw new Deployer.Aborted("aborted by carol");
                }
            }
        };
    }

    private CompletableFuture<String> runAsync(CommitStep step, StepContext context, AtomicBoolean aborted) {
        return CompletableFuture.supplyAsync(() -> step.run(context, listener(aborted)));
    }

    private String main() {
        return server.inRepo("deploy", "rev-parse", "main").strip();
    }

    @Test
    @DisplayName("GitHub: the branch holds exactly one commit, main is untouched until the merge, which polling finds; the merge is the commit")
    void githubByPolling() throws Exception {
        Stage stage = stage(GitRepo.Provider.GITHUB);
        String before = main();
        PromotionRequest p = approved(ID, NEW);
        StepContext context = context("commit", p, stage);
        CompletableFuture<String> run = runAsync(step(Duration.ofMillis(200)), context, new AtomicBoolean());

        await().atMost(20, TimeUnit.SECONDS).until(() -> forge.opened().size() == 1);
        assertThat(server.inRepo("deploy", "rev-list", "--count", "main.." + BRANCH).strip()).isEqualTo("1");
        assertThat(server.inRepo("deploy", "log", "-1", "--format=%(trailers:key=Signoff-Promotion,valueonly)", BRANCH).strip()).isEqualTo(ID);
        assertThat(server.inRepo("deploy", "show", "--format=", "--unified=0", BRANCH)).contains("+    digest: " + NEW);
        assertThat(main()).isEqualTo(before);
        JsonNode opened = JSON.readTree(forge.opened().getFirst().getBodyAsString());
        assertThat(opened.path("head").asString()).isEqualTo(BRANCH);
        assertThat(opened.path("base").asString()).isEqualTo("main");
        assertThat(opened.path("title").asString()).isEqualTo("Promote shop to prod: " + NEW.shortForm());
        assertThat(opened.path("body").asString()).contains("Approved-by: erin");
        await().atMost(20, TimeUnit.SECONDS).until(() -> !progress.isEmpty());
        assertThat(PullRequestLink.in(progress.getLast())).contains(PullRequestLink.github(ForgeStub.NUMBER, forge.webUrl()));
        assertThat(run).isNotDone();

        String merge = server.merge("deploy", BRANCH);
        forge.merged(merge);

        String summary = run.get(20, TimeUnit.SECONDS);
        assertThat(summary).isEqualTo("merged pull request #12: " + forge.webUrl() + " as " + merge.substring(0, 12) + " into main: shop:1.4.0 → "
                + GitOpsFixtures.REPOSITORY + "@" + NEW);
        assertThat(context.memo()).isEqualTo("commit " + merge);
    }

    @Test
    @DisplayName("A pull request closed without merging fails the step with its number and link; nothing reaches main")
    void closedWithoutMerge() {
        Stage stage = stage(GitRepo.Provider.GITHUB);
        String before = main();
        CompletableFuture<String> run = runAsync(step(Duration.ofMillis(200)), context("commit", approved(ID, NEW), stage), new AtomicBoolean());
        await().atMost(20, TimeUnit.SECONDS).until(() -> forge.opened().size() == 1);

        forge.closed();

        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> {
            try {
                run.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause();
            }
        });
        assertThat(failure).hasMessage("pull request #12 was closed without merging: " + forge.webUrl());
        assertThat(failure.retryable()).isFalse();
        assertThat(main()).isEqualTo(before);
    }

    @Test
    @DisplayName("GitLab: a merge request from the branch into main, found merged by polling; its merge_commit_sha is the commit")
    void gitlab() throws Exception {
        Stage stage = stage(GitRepo.Provider.GITLAB);
        StepContext context = context("commit", approved(ID, NEW), stage);
        CompletableFuture<String> run = runAsync(step(Duration.ofMillis(200)), context, new AtomicBoolean());
        await().atMost(20, TimeUnit.SECONDS).until(() -> forge.opened().size() == 1);
        JsonNode opened = JSON.readTree(forge.opened().getFirst().getBodyAsString());
        assertThat(opened.path("source_branch").asString()).isEqualTo(BRANCH);
        assertThat(opened.path("target_branch").asString()).isEqualTo("main");
        assertThat(forge.opened().getFirst().getHeader("PRIVATE-TOKEN")).isEqualTo(TOKEN);
        assertThat(server.inRepo("deploy", "rev-list", "--count", "main.." + BRANCH).strip()).isEqualTo("1");

        String merge = server.merge("deploy", BRANCH);
        forge.merged(merge);

        assertThat(run.get(20, TimeUnit.SECONDS)).startsWith("merged merge request !12: " + forge.webUrl() + " as " + merge.substring(0, 12) + " into main");
        assertThat(context.memo()).isEqualTo("commit " + merge);
    }

    @Test
    @DisplayName("A run after a crash finds the branch's commit and its open pull request: no second commit, no second request")
    void resumed() throws Exception {
        Stage stage = stage(GitRepo.Provider.GITHUB);
        AtomicBoolean aborted = new AtomicBoolean();
        CompletableFuture<String> first = runAsync(step(Duration.ofMillis(200)), context("commit", approved(ID, NEW), stage), aborted);
        await().atMost(20, TimeUnit.SECONDS).until(() -> forge.opened().size() == 1);
        aborted.set(true);
        await().atMost(20, TimeUnit.SECONDS).until(first::isDone);
        assertThat(first).isCompletedExceptionally();
        forge.listed();

        PromotionRequest again = approved(ID, NEW);
        again.stepStarted("commit", "", GitOpsFixtures.T0.plusSeconds(140));
        StepContext rerun = context("commit", again, stage);
        assertThat(rerun.resumed()).isTrue();
        CompletableFuture<String> second = runAsync(step(Duration.ofMillis(200)), rerun, new AtomicBoolean());
        await().atMost(20, TimeUnit.SECONDS).until(() -> progress.stream().filter(d -> d.contains("waits to be merged")).count() >= 2);
        assertThat(forge.opened()).hasSize(1);
        assertThat(server.inRepo("deploy", "rev-list", "--count", "main.." + BRANCH).strip()).isEqualTo("1");

        String merge = server.merge("deploy", BRANCH);
        forge.merged(merge);
        second.get(20, TimeUnit.SECONDS);
        assertThat(rerun.memo()).isEqualTo("commit " + merge);
        assertThat(forge.opened()).hasSize(1);
    }

    @Test
    @DisplayName("Undo of a merged pull request is a second pull request that puts the file back, said so on the card")
    void undoIsAPullRequest() throws Exception {
        Stage stage = stage(GitRepo.Provider.GITHUB);
        PromotionRequest p = approved(ID, NEW);
        StepContext context = context("commit", p, stage);
        CompletableFuture<String> run = runAsync(step(Duration.ofMillis(200)), context, new AtomicBoolean());
        await().atMost(20, TimeUnit.SECONDS).until(() -> forge.opened().size() == 1);
        String merge = server.merge("deploy", BRANCH);
        forge.merged(merge);
        p.stepStarted("commit", "", GitOpsFixtures.T0.plusSeconds(140));
        p.stepDone("commit", run.get(20, TimeUnit.SECONDS), context.memo(), GitOpsFixtures.T0.plusSeconds(200));
        forge.reopenAs(BRANCH + "-rollback");

        Undo.PutBack undo = (Undo.PutBack) step(Duration.ofMillis(200)).undo(context("commit", p, stage));
        assertThat(undo.description()).isEqualTo("opening a pull request to put " + CommitTest.PATH + " back as it was before " + merge.substring(0, 12));
        CompletableFuture<String> back = CompletableFuture.supplyAsync(() -> undo.work().apply(listener(new AtomicBoolean())));
        await().atMost(20, TimeUnit.SECONDS).until(() -> forge.opened().size() == 2);
        assertThat(JSON.readTree(forge.opened().getLast().getBodyAsString()).path("head").asString()).isEqualTo(BRANCH + "-rollback");
        assertThat(server.inRepo("deploy", "log", "-1", "--format=%(trailers:key=Signoff-Rollback-Of,valueonly)", BRANCH + "-rollback").strip())
                .isEqualTo(ID);
        String second = server.merge("deploy", BRANCH + "-rollback");
        forge.merged(second);

        assertThat(back.get(20, TimeUnit.SECONDS)).startsWith("merged pull request #12: " + forge.webUrl() + " as " + second.substring(0, 12));
        assertThat(server.inRepo("deploy", "show", "main:" + CommitTest.PATH)).isEqualTo(CommitTest.KUSTOMIZATION);
    }

    @Test
    @DisplayName("A token the API refuses fails the step naming the repository and the refusal, never the token, in the message or the log")
    void tokenNeverShown(CapturedOutput output) throws IOException {
        forge = ForgeStub.github(PROJECT, "another-token");
        Stage refused = stage(GitRepo.Provider.GITHUB, forge);
        GitRepo repo = refused.gitops().repo();

        StepFailure failure = catchThrowableOfType(StepFailure.class,
                () -> step(Duration.ofMillis(200)).run(context("commit", approved(ID, NEW), refused), listener(new AtomicBoolean())));

        assertThat(failure).hasMessageStartingWith(repo.describe() + ": GitHub GET /repos/git/deploy/pulls?state=all&head=git%3A")
                .hasMessageContaining("the token was refused (401 Bad credentials)");
        assertThat(failure.getMessage()).doesNotContain(TOKEN);
        assertThat(forge.all()).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN));
        assertThat(output.getAll()).doesNotContain(TOKEN);
    }
}
