package dev.signoff.gitops;

import static dev.signoff.gitops.GitOpsFixtures.REPOSITORY;
import static dev.signoff.gitops.GitOpsFixtures.approved;
import static dev.signoff.gitops.GitOpsFixtures.context;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signoff.promotion.AppStatus;
import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.Stage;
import dev.signoff.promotion.spi.ProgressListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

@DisplayName("status reads a GitOps stage's file from the real git server: the image it names and the commit that set it")
class RepositoryStatusTest {
    @TempDir
    Path root;
    GitServer server;
    GitRepo repo;

    @BeforeEach
    void start() throws IOException {
        server = new GitServer(root, CommitTest.TOKEN);
        repo = GitOpsFixtures.repo(server.url("deploy"), "file:" + Files.writeString(root.resolve("token"), CommitTest.TOKEN));
        server.repository("deploy", Map.of(CommitTest.PATH, CommitTest.KUSTOMIZATION, "README.md", "deploy repository\n"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RepositoryPlanner planner() {
        return new RepositoryPlanner(GitOpsFixtures.CONFIG, new GitWriter(name -> null, GitWriter.BeforePush.NONE));
    }

    @Test
    @DisplayName("after Signoff's commit, and a later commit elsewhere: the digest and Signoff's commit, not the head")
    void afterCommit() {
        Stage stage = GitOpsFixtures.stage(repo, CommitTest.PATH, new GitDeploy.KustomizeImage("shop"), null);
        new CommitStep(GitOpsFixtures.CONFIG, new GitWriter(name -> null, GitWriter.BeforePush.NONE), null, new PullRequestWaits(),
                Duration.ofMinutes(1), name -> null).run(context("commit", approved("p-71", CommitTest.NEW), stage), ProgressListener.NONE);
        String signoffs = server.inRepo("deploy", "rev-parse", "main").strip();
        server.commitFiles("deploy", Map.of("README.md", "deploy repository, by the platform team\n"), "Say who owns it");

        assertThat(planner().read(stage.gitops())).isEqualTo(
                new AppStatus.RepositoryFile(CommitTest.PATH, REPOSITORY + "@" + CommitTest.NEW, signoffs, null));
    }

    @Test
    @DisplayName("a file that names a tag: the tag, and the first commit")
    void tag() {
        Stage stage = GitOpsFixtures.stage(repo, CommitTest.PATH, new GitDeploy.KustomizeImage("shop"), null);

        assertThat(planner().read(stage.gitops())).isEqualTo(new AppStatus.RepositoryFile(CommitTest.PATH, "shop:1.4.0",
                server.inRepo("deploy", "rev-parse", "main").strip(), null));
    }

    @Test
    @DisplayName("a missing images[] entry and refused credentials are problems naming the repository and file, never the token")
    void problems() throws IOException {
        Stage web = GitOpsFixtures.stage(repo, CommitTest.PATH, new GitDeploy.KustomizeImage("web"), null);
        assertThat(planner().read(web.gitops()).problem()).isEqualTo(repo.describe() + ", file " + CommitTest.PATH
                + ": the kustomization has no images[] entry named web; its entries are redis, shop");

        GitRepo refused = GitOpsFixtures.repo(server.url("deploy"), "file:" + Files.writeString(root.resolve("wrong"), "wrong-token"));
        AppStatus.RepositoryFile file = planner().read(GitOpsFixtures.stage(refused, CommitTest.PATH, new GitDeploy.KustomizeImage("shop"), null).gitops());
        assertThat(file.image()).isNull();
        assertThat(file.problem()).startsWith(refused.describe() + ": authentication refused").doesNotContain("wrong-token");
    }
}
