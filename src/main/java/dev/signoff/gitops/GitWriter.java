package dev.signoff.gitops;

import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.spi.StepFailure;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.util.FileUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * the credentials scrubbed out.
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
        return inScratch(repo, where, (local, git, credentials) -> {
            for (int attempt = 1; ; attempt++) {
                RevCommit head = fetch(git, repo, credentials);
                RevCommit pushed = pushTo.equals(repo.branch()) ? null : fetchIfPresent(git, repo, credentials, pushTo);
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
                RemoteRefUpdate.Status status = push(git, repo, credentials, commit, pushTo, where);
                if (status == RemoteRefUpdate.Status.OK) {
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
        return inScratch(repo, where, (local, git, credentials) -> {
            RevCommit head = fetch(git, repo, credentials);
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
        return inScratch(repo, repo.describe(), (local, git, credentials) -> {
            fetch(git, repo, credentials);
            try (RevWalk walk = new RevWalk(local)) {
                if (!local.getObjectDatabase().has(ObjectId.fromString(revision)) || !local.getObjectDatabase().has(ObjectId.fromString(commit))) {
                    return false;
                }
                return walk.isMergedInto(walk.parseCommit(ObjectId.fromString(commit)), walk.parseCommit(ObjectId.fromString(revision)));
            }
        });
    }

    /** Work on a scratch bare repository that fetches the branch; it may throw IOException. */
    private interface ScratchWork<T> {
        T apply(Repository local, Git git, GitCredentials credentials) throws IOException;
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
                return work.apply(local, git, credentials);
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

    private static RevCommit fetch(Git git, GitRepo repo, GitCredentials credentials) throws IOException {
        RevCommit head = fetch(git, repo, credentials, repo.branch());
        if (head == null) {
            throw new StepFailure(repo.describe() + ": the repository has no branch " + repo.branch(), false);
        }
        return head;
    }

    /** The head of {@code branch}, or null when the repository has no such branch (asked first: fetching a missing branch fails). */
    private static RevCommit fetchIfPresent(Git git, GitRepo repo, GitCredentials credentials, String branch) throws IOException {
        try {
            if (!credentials.apply(git.lsRemote()).setRemote(repo.url()).setHeads(true).setTimeout(60)
                    .callAsMap().containsKey("refs/heads/" + branch)) {
                return null;
            }
        } catch (TransportException e) {
            throw new StepFailure(repo.describe() + ": " + TransportErrors.problem(e, "fetch", repo), !TransportErrors.refused(e));
        } catch (GitAPIException e) {
            throw new StepFailure(repo.describe() + ": cannot list the branches: " + e.getMessage(), true);
        }
        return fetch(git, repo, credentials, branch);
    }

    /** The head of {@code branch}, or null when the fetch brought no such branch. */
    private static RevCommit fetch(Git git, GitRepo repo, GitCredentials credentials, String branch) throws IOException {
        String remote = "refs/remotes/origin/" + branch;
        try {
            credentials.apply(git.fetch()).setRemote(repo.url())
                    .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":" + remote)).setTimeout(60).call();
        } catch (TransportException e) {
            throw new StepFailure(repo.describe() + ": " + TransportErrors.problem(e, "fetch", repo), !TransportErrors.refused(e));
        } catch (GitAPIException e) {
            throw new StepFailure(repo.describe() + ": cannot fetch: " + e.getMessage(), true);
        }
        Ref ref = git.getRepository().exactRef(remote);
        if (ref == null) {
            return null;
        }
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            return walk.parseCommit(ref.getObjectId());
        }
    }

    private static RemoteRefUpdate.Status push(Git git, GitRepo repo, GitCredentials credentials, ObjectId commit, String pushTo, String where) {
        String branch = "refs/heads/" + pushTo;
        Iterable<PushResult> results;
        try {
            results = credentials.apply(git.push()).setRemote(repo.url()).setForce(false)
                    .setRefSpecs(new RefSpec(commit.name() + ":" + branch)).setTimeout(60).call();
        } catch (TransportException e) {
            throw new StepFailure(where + ": " + TransportErrors.problem(e, "push", repo), !TransportErrors.refused(e));
        } catch (GitAPIException e) {
            throw new StepFailure(where + ": cannot push: " + e.getMessage(), true);
        }
        for (PushResult result : results) {
            RemoteRefUpdate update = result.getRemoteUpdate(branch);
            if (update == null) {
                continue;
            }
            return switch (update.getStatus()) {
                case OK, UP_TO_DATE -> RemoteRefUpdate.Status.OK;
                case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD;
                default -> {
                    String server = result.getMessages() == null ? "" : result.getMessages().strip();
                    throw new StepFailure(where + ": the push was rejected"
                            + (update.getMessage() != null ? " (" + update.getMessage() + ")" : "")
                            + (server.isEmpty() ? "" : ": " + server.replace('\n', ' ')), false);
                }
            };
        }
        throw new StepFailure(where + ": the push reported nothing for " + branch, true);
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
