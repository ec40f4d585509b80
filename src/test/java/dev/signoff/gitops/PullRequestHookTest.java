package dev.signoff.gitops;

import static dev.signoff.gitops.GitOpsFixtures.approved;
import static dev.signoff.gitops.GitOpsFixtures.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Gates;
import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.Stage;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.testing.Http;
import dev.signoff.testing.TestAdapters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The merge reported by the forges' signed hooks into the running app: the step polls only once an
 * hour here, so only the hook can end its wait within the test's time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:gitops-hooks;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "signoff.pipelines=src/test/resources/ci/pipelines.yaml",
        "signoff.hooks.github.secret=" + PullRequestHookTest.GITHUB_SECRET,
        "signoff.hooks.gitlab.secret=" + PullRequestHookTest.GITLAB_SECRET})
@Import(TestAdapters.class)
@DisplayName("Pull-request mode: the merge reported by GitHub's and GitLab's signed hooks")
class PullRequestHookTest {
    static final String GITHUB_SECRET = "github-hmac-key-pr";
    static final String GITLAB_SECRET = "gitlab-token-pr";
    static final Digest NEW = Digest.sha256Of("shop 1.7.0");

    @LocalServerPort
    int port;
    @Autowired
    PullRequestWaits waits;
    @TempDir
    Path root;
    GitServer server;
    ForgeStub forge;
    Path tokenFile;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws IOException {
        server = new GitServer(root, PullRequestTest.TOKEN);
        tokenFile = Files.writeString(root.resolve("token"), PullRequestTest.TOKEN);
        server.repository("deploy", Map.of(CommitTest.PATH, CommitTest.KUSTOMIZATION));
    }

    @AfterEach
    void stop() {
        server.close();
        forge.close();
    }

    private CompletableFuture<String> promote(GitRepo.Provider provider) {
        forge = provider == GitRepo.Provider.GITLAB ? ForgeStub.gitlab(PullRequestTest.PROJECT, PullRequestTest.TOKEN)
                : ForgeStub.github(PullRequestTest.PROJECT, PullRequestTest.TOKEN);
        GitRepo repo = new GitRepo("deploy-repo", server.url("deploy"), "main", "file:" + tokenFile, true, "Signoff", "signoff@example.com",
                provider, forge.api(), null);
        Stage stage = new Stage("prod", ImageRef.parse("enterprise/shop:prod"), null, GitOpsFixtures.TWO, Gates.none(), List.of(), null, null, null,
                false, true, new GitDeploy(repo, CommitTest.PATH, new GitDeploy.KustomizeImage("shop"), true, null, Duration.ofSeconds(20)));
        CommitStep step = new CommitStep(GitOpsFixtures.CONFIG, new GitWriter(name -> null, GitWriter.BeforePush.NONE), null, waits,
                Duration.ofHours(1), name -> null);
        CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> step.run(context("commit", approved(PullRequestTest.ID, NEW), stage),
                ProgressListener.NONE));
        await().atMost(20, TimeUnit.SECONDS).until(() -> forge.opened().size() == 1);
        return run;
    }

    private HttpResponse<String> post(String source, String body, String... headers) {
        return Http.send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/" + source))
                .header("Content-Type", "application/json").headers(headers).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String sign(String body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(GITHUB_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("GitHub's pull_request closed with merged: true, signed, ends the wait at once; the merge commit is the step's")
    void github() throws Exception {
        CompletableFuture<String> run = promote(GitRepo.Provider.GITHUB);
        String merge = server.merge("deploy", PullRequestTest.BRANCH);
        forge.merged(merge);
        String body = """
                {"action": "closed", "number": 12,
                 "pull_request": {"number": 12, "state": "closed", "merged": true, "merge_commit_sha": "%s",
                                  "html_url": "%s", "head": {"ref": "%s"}, "base": {"ref": "main"}},
                 "repository": {"full_name": "git/deploy"}}""".formatted(merge, forge.webUrl(), PullRequestTest.BRANCH);

        HttpResponse<String> response = post("github", body, "X-GitHub-Event", "pull_request", "X-GitHub-Delivery", "pr-12-closed",
                "X-Hub-Signature-256", sign(body));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(run.get(20, TimeUnit.SECONDS)).startsWith("merged pull request #12: " + forge.webUrl() + " as " + merge.substring(0, 12));
    }

    @Test
    @DisplayName("GitLab's Merge Request Hook with action merge, with its token, ends the wait at once; a wrong token is refused")
    void gitlab() throws Exception {
        CompletableFuture<String> run = promote(GitRepo.Provider.GITLAB);
        String merge = server.merge("deploy", PullRequestTest.BRANCH);
        forge.merged(merge);
        String body = """
                {"object_kind": "merge_request", "event_type": "merge_request",
                 "project": {"id": 3, "path_with_namespace": "git/deploy"},
                 "object_attributes": {"iid": 12, "state": "merged", "action": "merge", "merge_commit_sha": "%s",
                                       "source_branch": "%s", "target_branch": "main", "url": "%s"}}"""
                .formatted(merge, PullRequestTest.BRANCH, forge.webUrl());

        assertThat(post("gitlab", body, "X-Gitlab-Event", "Merge Request Hook", "X-Gitlab-Token", "wrong").statusCode()).isEqualTo(401);
        assertThat(run).isNotDone();
        HttpResponse<String> response = post("gitlab", body, "X-Gitlab-Event", "Merge Request Hook", "X-Gitlab-Token", GITLAB_SECRET);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(run.get(20, TimeUnit.SECONDS)).startsWith("merged merge request !12: " + forge.webUrl() + " as " + merge.substring(0, 12));
    }
}
