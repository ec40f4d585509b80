package dev.signoff.gitops;

import dev.signoff.kubernetes.ClusterClients;
import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.steps.StepContext;
import dev.signoff.promotion.steps.StepKind;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The GitOps stage's verify: waits until the Argo CD Application or Flux Kustomization the stage
 * names reports the commit the {@code commit} step pushed (or a later one on the branch) synced
 * and healthy, showing the controller's words on the card ("Argo CD: Synced, Progressing"). It
 * only reads (and asks for a refresh), so running it again is safe; a failure makes the runner
 * undo the commit with a new one.
 */
@Component
class SyncStep implements StepKind {
    static final Duration POLL = Duration.ofSeconds(3);

    private final GitWriter writer;
    private final ControllerWatch watch;

    @Autowired
    SyncStep(ClusterClients clusters) {
        this(new GitWriter(System::getenv, GitWriter.BeforePush.NONE), new ControllerWatch(clusters, POLL, Clock.systemUTC()));
    }

    SyncStep(GitWriter writer, ControllerWatch watch) {
        this.writer = writer;
        this.watch = watch;
    }

    @Override
    public String name() {
        return "sync";
    }

    @Override
    public String describe(StepContext step) {
        return "wait for " + controller(step).describe();
    }

    @Override
    public String run(StepContext step, ProgressListener progress) {
        GitDeploy git = CommitStep.gitDeploy(step);
        String memo = step.memoOf("commit").orElseThrow(() -> new IllegalStateException("sync runs after commit, which leaves the commit to wait for"));
        String commit = memo.substring(memo.indexOf(' ') + 1);
        Map<String, Boolean> seen = new ConcurrentHashMap<>();
        return watch.await(controller(step), commit, git.timeout(),
                revision -> seen.computeIfAbsent(revision, r -> writer.isAtOrAfter(git.repo(), r, commit)), progress);
    }

    private static GitDeploy.Controller controller(StepContext step) {
        return CommitStep.gitDeploy(step).syncedBy().orElseThrow(() -> new IllegalStateException(
                "stage " + step.stage().name() + " names no Argo CD or Flux, so its plan has no sync step"));
    }
}
