package dev.signoff.gitops;

import dev.signoff.promotion.AppStatus;
import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.Plan;
import dev.signoff.promotion.spi.GitOpsPlanner;
import dev.signoff.promotion.spi.StepFailure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The plan of a GitOps stage, read from its repository: the image the file names now (and the
 * commit that last changed the file), the image it will name, and what happens after the commit;
 * and, for {@code status}, what the file names now.
 */
@Component
class RepositoryPlanner implements GitOpsPlanner {
    private final PipelineConfig config;
    private final GitWriter reader;

    @Autowired
    RepositoryPlanner(PipelineConfig config) {
        this(config, new GitWriter(System::getenv, GitWriter.BeforePush.NONE));
    }

    RepositoryPlanner(PipelineConfig config, GitWriter reader) {
        this.config = config;
        this.reader = reader;
    }

    @Override
    public Plan plan(GitDeploy git, ImageRef image) {
        FileEdit edit = new FileEdit(git.edit(), config.registry(image).host() + "/" + image.repository(), image.digest());
        GitWriter.Snapshot snapshot = reader.read(git.repo(), git.path());
        String current;
        try {
            current = edit.current(snapshot.text());
        } catch (StepFailure e) {
            throw new StepFailure(git.describe() + ": " + e.getMessage(), false);
        }
        String next = edit.target();
        String note = (next.equals(current) ? "already names this image; " : "")
                + "commit " + edit.describe() + " in " + git.path() + " of " + git.repo().name() + " (" + git.repo().branch() + ")"
                + (snapshot.lastCommit() != null ? ", set by " + snapshot.lastCommit().substring(0, 12) + " \"" + snapshot.lastSubject() + "\"" : "")
                + git.syncedBy().map(c -> "; then wait for " + c.describe()).orElse("");
        return new Plan(current, next, null, "GitOps", note);
    }

    @Override
    public AppStatus.RepositoryFile read(GitDeploy git) {
        try {
            GitWriter.Snapshot snapshot = reader.read(git.repo(), git.path());
            return new AppStatus.RepositoryFile(git.path(), FileEdit.current(git.edit(), snapshot.text()), snapshot.lastCommit(), null);
        } catch (StepFailure e) {
            // The reader's failures name the repository, branch and file already; the edit's do not.
            String problem = e.getMessage().startsWith("git repository ") ? e.getMessage()
                    : git.repo().describe() + ", file " + git.path() + ": " + e.getMessage();
            return AppStatus.RepositoryFile.unreadable(git.path(), problem);
        }
    }
}
