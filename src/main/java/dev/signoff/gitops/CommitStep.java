package dev.signoff.gitops;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
import dev.signoff.promotion.steps.StepContext;
import dev.signoff.promotion.steps.StepKind;
import dev.signoff.promotion.steps.Undo;
import dev.signoff.kubernetes.ClusterClients;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/**
 * The GitOps stage's deploy: writes the pinned image into the stage's file in its deployment
 * repository, as one commit with the promotion's trailers, pushed fast-forward only. Safe to run
 * again: a commit of this promotion already on the branch (found by its trailer) is reported, and
 * a file that already names the image is "already at …" without a commit. In pull-request mode
 * the commit goes to its own branch and the step ends when the request is merged
 * ({@link PullRequestFlow}); the commit it remembers is then the merge. Its memo is the commit
 * (or "unchanged"); its undo is a new commit that puts the file back as it was before, or, when
 * others changed it since, the previous digest back into it, and then waits for the stage's
 * controller to roll that out.
 */
@Component
class CommitStep implements StepKind {
    private final PipelineConfig config;
    private final GitWriter writer;
    private final ControllerWatch watch;
    private final PullRequestFlow pullRequests;

    @Autowired
    CommitStep(PipelineConfig config, ClusterClients clusters, PullRequestWaits waits,
               @Value("${signoff.gitops.pull-request-poll:1m}") Duration pullRequestPoll) {
        this(config, new GitWriter(System::getenv, GitWriter.BeforePush.NONE), new ControllerWatch(clusters, SyncStep.POLL, Clock.systemUTC()),
                waits, pullRequestPoll, System::getenv);
    }

    CommitStep(PipelineConfig config, GitWriter writer, ControllerWatch watch, PullRequestWaits waits, Duration pullRequestPoll,
               UnaryOperator<String> environment) {
        this.config = config;
        this.writer = writer;
        this.watch = watch;
        this.pullRequests = new PullRequestFlow(writer, environment, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
                waits, pullRequestPoll);
    }

    @Override
    public String name() {
        return "commit";
    }

    @Override
    public String describe(StepContext step) {
        GitDeploy git = gitDeploy(step);
        return "commit " + step.promotion().digest().shortForm() + " to " + git.path() + " in " + git.repo().name() + " (" + git.repo().branch() + ")"
                + (git.pullRequest() ? " through a " + noun(git) + ", once it is merged" : "");
    }

    @Override
    public String run(StepContext step, ProgressListener progress) {
        GitDeploy git = gitDeploy(step);
        PromotionRequest p = step.promotion();
        FileEdit edit = edit(git, p.target(), p.digest());
        progress.progress("fetching " + git.repo().branch() + " of " + git.repo().name());
        String message = CommitMessage.promotion(p, describe(p.source()), config.pullable(step.pinnedTarget()));
        PullRequestFlow.Delivered written = deliver(git, PullRequestFlow.branch(p, ""), (text, history) -> edit.apply(text), () -> message,
                CommitMessage.promotionTrailer(p), progress);
        if (written.unchanged()) {
            step.remember("unchanged " + written.commit());
            return "already at " + p.digest().shortForm() + " in " + git.path() + ", nothing to commit";
        }
        step.remember("commit " + written.commit());
        String change = written.before() != null ? ": " + edit.current(written.before()) + " → " + edit.target() : "";
        if (written.link() != null) {
            return "merged " + written.link() + " as " + written.commit().substring(0, 12) + " into " + git.repo().branch() + change;
        }
        return "committed " + written.commit().substring(0, 12) + " to " + git.path() + " on " + git.repo().branch() + change;
    }

    /** Pushes the change to the branch, or, in pull-request mode, through a request on {@code branch} once it is merged. */
    private PullRequestFlow.Delivered deliver(GitDeploy git, String branch, GitWriter.Change change, Supplier<String> message, String trailer,
                                              ProgressListener progress) {
        if (git.pullRequest()) {
            return pullRequests.deliver(git, branch, change, message, trailer, progress);
        }
        GitWriter.Written written = writer.write(git.repo(), git.path(), change, message, trailer);
        return new PullRequestFlow.Delivered(written.commit(), written.before(), written.unchanged(), null);
    }

    private static String noun(GitDeploy git) {
        return git.repo().provider() == dev.signoff.promotion.GitRepo.Provider.GITLAB ? "merge request" : "pull request";
    }

    @Override
    public boolean leavesMemo() {
        return true;
    }

    @Override
    public Undo undo(StepContext step) {
        String memo = step.memoOf(name()).orElseThrow();
        GitDeploy git = gitDeploy(step);
        if (memo.startsWith("unchanged ")) {
            return new Undo.Nothing(git.path() + " already named " + step.promotion().digest().shortForm() + ", so there is nothing to put back");
        }
        String commit = memo.substring("commit ".length());
        PromotionRequest p = step.promotion();
        String how = git.pullRequest() ? "opening a " + noun(git) + " to put " : "committing ";
        return new Undo.PutBack(how + git.path() + " back as it was before " + commit.substring(0, 12), progress -> {
            String[] previous = new String[1];
            PullRequestFlow.Delivered written = deliver(git, PullRequestFlow.branch(p, "-rollback"), (text, history) -> {
                String ours = history.fileAt(commit, git.path());
                String before = history.fileBefore(commit, git.path());
                FileEdit edit = edit(git, p.target(), p.digest());
                previous[0] = before == null ? null : edit.current(before);
                if (text.equals(ours) && before != null) {
                    return before;
                }
                // Others changed the file since: put the previous digest into what is there now.
                int at = previous[0] == null ? -1 : previous[0].lastIndexOf("sha256:");
                if (at < 0) {
                    throw new StepFailure("the file changed after " + commit.substring(0, 12)
                            + " and named no digest before it, so it cannot be put back safely; roll back by hand", false);
                }
                return edit(git, p.target(), Digest.parse(previous[0].substring(at))).apply(text);
            }, () -> CommitMessage.rollback(p, commit.substring(0, 12), shortly(previous[0])), CommitMessage.rollbackTrailer(p), progress);
            String summary = written.unchanged() ? git.path() + " was already back at " + previous[0]
                    : (written.link() != null ? "merged " + written.link() + " as " : "committed ") + written.commit().substring(0, 12)
                    + ", putting back " + (previous[0] != null ? previous[0] : "the previous file");
            if (git.controller() == null) {
                return summary;
            }
            progress.progress(summary + "; waiting for " + git.controller().kind().product());
            return summary + "; " + watch.await(git.controller(), written.commit(), git.timeout(),
                    revision -> writer.isAtOrAfter(git.repo(), revision, written.commit()), progress);
        });
    }

    /** "sha256:0123456789ab" for a pinned image, the image otherwise. */
    private static String shortly(String image) {
        if (image == null) {
            return null;
        }
        int at = image.lastIndexOf("sha256:");
        return at < 0 ? image : Digest.parse(image.substring(at)).shortForm();
    }

    private FileEdit edit(GitDeploy git, ImageRef target, Digest digest) {
        String repository = config.registry(target).host() + "/" + target.repository();
        return new FileEdit(git.edit(), repository, digest);
    }

    private String describe(ImageRef source) {
        try {
            return config.pullable(source);
        } catch (StepFailure e) {
            return source.toString();
        }
    }

    static GitDeploy gitDeploy(StepContext step) {
        return step.stage().gitDeploy().orElseThrow(() -> new IllegalStateException(
                "stage " + step.stage().name() + " does not deploy through GitOps, so its plan has no commit or sync step"));
    }
}
