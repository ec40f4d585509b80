package dev.signoff.gitops;

import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.spi.StepFailure;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.util.FileUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Writes one file of a repository's branch with JGit: fetches the branch into a fresh bare
 * repository (nothing is kept between runs, so a crash leaves nothing behind), builds the commit
 * in memory on the fetched head, and pushes it fast-forward only. When the branch moved in
 * between (the push is rejected as not a fast-forward), it fetches again and applies the change
 * to the new head, three tries in all; it never forces. A file that already says what it should
 * is a success without a commit. Every message names the repository, branch and file, and has
 * the credentials scrubbed out. The objects are read and written by {@link GitObjects}, the
 * network is {@link GitRemote}'s.
 */
final class GitWriter {
    static final int TRIES = 3;

    /** What to write: the new text for the file's current one (the same text: nothing to change). */
    @FunctionalInterface
    interface Change {
        String apply(String text, History history);
    }

    /** Earlier versions of the file, for changes that put one back; the commits must be on the branch. */
    interface History {
        /** The file's text at the commit, or null when it did not exist there. */
        String fileAt(String commit, String path);

        /** The file's text in the commit's first parent, or null. */
        String fileBefore(String commit, String path);
    }

    /** Called after each fetch, before the push: tests land a competing commit there. */
    @FunctionalInterface
    interface BeforePush {
        void run(int attempt);

        BeforePush NONE = attempt -> { };
    }

    /**
     * The result: the commit that holds the change ({@code created}: by this call; otherwise an
     * earlier run's, found by its trailer, or the head when nothing had to change), and the branch that
     * holds it: the repository's own, or the one the change was pushed to.
     */
    record Written(String commit, boolean created, boolean unchanged, String before, String after, String branch) {
    }

    private final UnaryOperator<String> environment;
    private final BeforePush beforePush;

    GitWriter(UnaryOperator<String> environment, BeforePush beforePush) {
        this.environment = environment;
        this.beforePush = beforePush;
    }

    /**
     * Applies {@code change} to {@code path} on the branch head, commits it with {@code message}
     * (asked for after the change) and pushes. {@code trailer} (a line of the message, like "Signoff-Promotion: p-42") finds a
     * commit an earlier run of the same work pushed, which is then reported instead of writing again.
     */
    Written write(GitRepo repo, String path, Change change, java.util.function.Supplier<String> message, String trailer) {
        return write(repo, path, change, message, trailer, repo.branch());
    }

    /**
     * As {@link #write(GitRepo, String, Change, java.util.function.Supplier, String)}, but the commit
     * made on the repository's branch is pushed to {@code pushTo} (a pull request's branch, created
     * by the push). An earlier run's commit is looked for on the repository's branch, then on
     * {@code pushTo}.
     */
    Written write(GitRepo repo, String path, Change change, java.util.function.Supplier<String> message, String trailer, String pushTo) {
        String where = repo.describe() + ", file " + path;
        return inScratch(repo, where, (local, remote) -> {
            for (int attempt = 1; ; attempt++) {
                RevCommit head = remote.head();
                RevCommit pushed = pushTo.equals(repo.branch()) ? null : remote.headIfPresent(pushTo);
                for (RevCommit tip : new RevCommit[] {head, pushed}) {
                    if (tip == null) {
                        continue;
                    }
                    try (RevWalk walk = new RevWalk(local)) {
                        RevCommit earlier = GitObjects.findByTrailer(walk, tip, trailer);
                        if (earlier != null) {
                            return new Written(earlier.name(), false, false, null, null, tip == head ? repo.branch() : pushTo);
                        }
                    }
                }
                String text = GitObjects.fileAt(local, head, path);
                if (text == null) {
                    throw new StepFailure(where + ": the file does not exist on the branch", false);
                }
                String edited;
                try {
                    edited = change.apply(text, GitObjects.history(local));
                } catch (StepFailure e) {
                    throw new StepFailure(where + ": " + e.getMessage(), e.retryable(), null);
                }
                if (edited.equals(text)) {
                    return new Written(head.name(), false, true, text, text, repo.branch());
                }
                ObjectId commit = GitObjects.commit(local, head, path, edited, repo, message.get());
                beforePush.run(attempt);
                if (remote.push(commit, pushTo, where)) {
                    return new Written(commit.name(), true, false, text, edited, pushTo);
                }
                if (attempt == TRIES) {
                    throw new StepFailure(where + ": the push was rejected " + TRIES + " times because the branch kept moving; "
                            + "nothing was forced", true);
                }
            }
        });
    }

    /** The file at the branch head, and the last commit that changed it (null when none of the history did). */
    record Snapshot(String head, String text, String lastCommit, String lastSubject) {
    }

    /** Reads {@code path} at the head of the repository's branch. */
    Snapshot read(GitRepo repo, String path) {
        String where = repo.describe() + ", file " + path;
        return inScratch(repo, where, (local, remote) -> {
            RevCommit head = remote.head();
            String text = GitObjects.fileAt(local, head, path);
            if (text == null) {
                throw new StepFailure(where + ": the file does not exist on the branch", false);
            }
            try (RevWalk walk = new RevWalk(local)) {
                walk.markStart(walk.parseCommit(head));
                walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(path), TreeFilter.ANY_DIFF));
                RevCommit last = walk.next();
                return new Snapshot(head.name(), text, last == null ? null : last.name(), last == null ? null : last.getShortMessage());
            }
        });
    }

    /**
     * Whether {@code revision} (a controller's report) is {@code commit} or a commit after it on the
     * branch; a revision the branch does not hold is not.
     */
    boolean isAtOrAfter(GitRepo repo, String revision, String commit) {
        if (revision.equals(commit)) {
            return true;
        }
        if (!ObjectId.isId(revision)) {
            return false;
        }
        return inScratch(repo, repo.describe(), (local, remote) -> {
            remote.head();
            try (RevWalk walk = new RevWalk(local)) {
                if (!local.getObjectDatabase().has(ObjectId.fromString(revision)) || !local.getObjectDatabase().has(ObjectId.fromString(commit))) {
                    return false;
                }
                return walk.isMergedInto(walk.parseCommit(ObjectId.fromString(commit)), walk.parseCommit(ObjectId.fromString(revision)));
            }
        });
    }

    /** Work on a scratch bare repository and its remote, the repository's; it may throw IOException. */
    private interface ScratchWork<T> {
        T apply(Repository local, GitRemote remote) throws IOException;
    }

    /**
     * Runs {@code work} in a new temporary bare repository, deleted afterwards. Every failure
     * becomes a StepFailure naming {@code where}, with the credentials scrubbed from its words
     * (JGit puts them into URLs).
     */
    private <T> T inScratch(GitRepo repo, String where, ScratchWork<T> work) {
        GitCredentials credentials = GitCredentials.of(repo, environment);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("signoff-git-");
            try (Repository local = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build(); Git git = new Git(local)) {
                local.create(true);
                return work.apply(local, new GitRemote(git, repo, credentials));
            }
        } catch (StepFailure e) {
            throw new StepFailure(credentials.scrub(e.getMessage()), e.retryable(), null);
        } catch (IOException | RuntimeException e) {
            throw new StepFailure(where + ": " + credentials.scrub(String.valueOf(e.getMessage())), true, null);
        } finally {
            credentials.close();
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (dir != null) {
            try {
                FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.IGNORE_ERRORS);
            } catch (IOException e) {
                // a temporary directory; the system cleans it eventually
            }
        }
    }
}
