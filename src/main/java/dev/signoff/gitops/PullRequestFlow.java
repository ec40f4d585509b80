package dev.signoff.gitops;

import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.PullRequestLink;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Pull-request mode: the commit goes to its own branch, a pull (or merge) request asks to merge
 * it into the repository's branch, and the step waits until someone merges it. The branch's name
 * is fixed by the work ({@code signoff/<app>-<stage>-<promotion id>}), so a run after a crash finds
 * the commit on it and the request the forge has for it, and opens no second one. The merge is
 * learnt from the forge: at once when its hook reports the request closed, otherwise at the next
 * poll. A request closed without merging fails the step; nobody can help by retrying it.
 */
final class PullRequestFlow {
    /** What a merged request delivered: the commit on the repository's branch (the merge), the file before, and the request. */
    record Delivered(String commit, String before, boolean unchanged, PullRequestLink link) {
    }

    private final GitWriter writer;
    private final UnaryOperator<String> environment;
    private final HttpClient http;
    private final PullRequestWaits waits;
    private final Duration poll;

    PullRequestFlow(GitWriter writer, UnaryOperator<String> environment, HttpClient http, PullRequestWaits waits, Duration poll) {
        this.writer = writer;
        this.environment = environment;
        this.http = http;
        this.waits = waits;
        this.poll = poll;
    }

    /**
     * Commits {@code change} on a new {@code branch}, opens the request (or finds the one it has)
     * and waits for its merge. A file that already says what it should is "unchanged", with no
     * branch and no request; a commit of this work already on the repository's branch is taken as it is.
     */
    Delivered deliver(GitDeploy git, String branch, GitWriter.Change change, Supplier<String> message, String trailer, ProgressListener progress) {
        GitRepo repo = git.repo();
        GitWriter.Written written = writer.write(repo, git.path(), change, message, trailer, branch);
        if (written.unchanged() || !written.branch().equals(branch)) {
            return new Delivered(written.commit(), written.before(), written.unchanged(), null);
        }
        Forge forge = forge(repo);
        PullRequest request = forge.find(branch).orElse(null);
        if (request == null) {
            String text = message.get();
            int blank = text.indexOf("\n\n");
            request = forge.open(branch, blank < 0 ? text.strip() : text.substring(0, blank), blank < 0 ? "" : text.substring(blank + 2).strip());
        }
        String project = Forge.project(repo);
        try {
            while (true) {
                switch (request.state()) {
                    case MERGED -> {
                        return new Delivered(request.mergeCommit(), written.before(), false, request.link());
                    }
                    case CLOSED -> throw new StepFailure(request.link().mention() + " was closed without merging: " + request.link().url(), false);
                    case OPEN -> {
                        progress.progress(request.link() + " waits to be merged into " + repo.branch());
                        waits.await(project, request.number(), poll, progress);
                        request = forge.get(request.number());
                    }
                }
            }
        } finally {
            waits.forget(project, request.number());
        }
    }

    /** "signoff/shop-prod-01JEXAMPLE": the branch of a promotion's request ({@code suffix} "-rollback" for its undo). */
    static String branch(dev.signoff.promotion.PromotionRequest p, String suffix) {
        return "signoff/" + p.app() + "-" + p.toStage() + "-" + p.id() + suffix;
    }

    private Forge forge(GitRepo repo) {
        String token;
        try (GitCredentials credentials = GitCredentials.of(repo, environment)) {
            token = credentials.token();
        }
        if (token == null) {
            throw new StepFailure(repo.describe() + ": pull-request mode needs the repository's credentials, to open the request", false);
        }
        return repo.provider() == GitRepo.Provider.GITLAB ? new GitLabMergeRequests(repo, token, http) : new GitHubPulls(repo, token, http);
    }
}
