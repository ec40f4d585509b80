package dev.signoff.gitops;

import static dev.signoff.gitops.GitOpsFixtures.REPOSITORY;
import static dev.signoff.gitops.GitOpsFixtures.approved;
import static dev.signoff.gitops.GitOpsFixtures.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.Stage;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
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

@DisplayName("The commit step over ssh:// to a local OpenSSH server (git-shell, a key file, a known-hosts file)")
class SshTransportTest {
    @TempDir
    Path root;
    @TempDir
    Path sshDir;
    SshServer ssh;
    GitServer git;
    Path bare;

    @BeforeEach
    void start() {
        ssh = new SshServer(sshDir);
        git = new GitServer(root, CommitTest.TOKEN);
        bare = git.repository("deploy", Map.of(CommitTest.PATH, CommitTest.KUSTOMIZATION));
    }

    @AfterEach
    void stop() {
        if (ssh != null) {
            ssh.close();
        }
        if (git != null) {
            git.close();
        }
    }

    private GitRepo repo(Path knownHosts) {
        return new GitRepo("deploy-repo", ssh.url(bare), "main", "file:" + ssh.key(), false, "Signoff", "signoff@example.com",
                GitRepo.Provider.GITHUB, null, knownHosts.toString());
    }

    private static String run(GitRepo repo) {
        Stage stage = GitOpsFixtures.stage(repo, CommitTest.PATH, new GitDeploy.KustomizeImage("shop"), null);
        return new CommitStep(GitOpsFixtures.CONFIG, new GitWriter(name -> null, GitWriter.BeforePush.NONE), null, new PullRequestWaits(),
                Duration.ofMinutes(1), name -> null).run(context("commit", approved("p-81", CommitTest.NEW), stage), ProgressListener.NONE);
    }

    @Test
    @DisplayName("fetches and pushes one commit over ssh with the key file; the git command line reads it back")
    void commitOverSsh() throws IOException {
        String summary = run(repo(ssh.knownHosts()));

        String head = git.inRepo("deploy", "rev-parse", "main").strip();
        assertThat(summary).startsWith("committed " + head.substring(0, 12) + " to " + CommitTest.PATH + " on main");
        assertThat(git.inRepo("deploy", "show", "main:" + CommitTest.PATH)).contains("newName: " + REPOSITORY + "\n    digest: " + CommitTest.NEW);
        assertThat(git.inRepo("deploy", "log", "-1", "--format=%(trailers:key=Signoff-Promotion,valueonly)", "main").strip()).isEqualTo("p-81");
        assertThat(ssh.log()).as("it went through sshd").contains("Accepted publickey for " + SshServer.user());
    }

    @Test
    @DisplayName("a key the server does not accept is \"authentication refused\", and nothing is pushed")
    void keyRefused() {
        GitRepo other = new GitRepo("deploy-repo", ssh.url(bare), "main", "file:" + ssh.otherKey(), false, "Signoff", "signoff@example.com",
                GitRepo.Provider.GITHUB, null, ssh.knownHosts().toString());
        String before = git.inRepo("deploy", "rev-parse", "main").strip();

        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> run(other));

        assertThat(failure).hasMessageEndingWith("branch main: authentication refused (check the credentials and that they may fetch)");
        assertThat(git.inRepo("deploy", "rev-parse", "main").strip()).isEqualTo(before);
    }

    @Test
    @DisplayName("a server whose host key is not in the known-hosts file is refused, and nothing is pushed")
    void unknownHost() throws IOException {
        Path empty = Files.writeString(root.resolve("known_hosts_other"), "");
        String before = git.inRepo("deploy", "rev-parse", "main").strip();

        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> run(repo(empty)));

        assertThat(failure).hasMessage(("git repository deploy-repo (%s), branch main: the server's host key is not in the known hosts file %s "
                + "(an unknown host, or its key changed); check the key and add it there (ssh-keyscan), or name the right file with "
                + "knownHosts: file:/path").formatted(ssh.url(bare).replace(SshServer.user() + "@", ""), empty));
        assertThat(failure.retryable()).isFalse();
        assertThat(git.inRepo("deploy", "rev-parse", "main").strip()).isEqualTo(before);
    }
}
