package dev.signoff.gitops;

import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.spi.StepFailure;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

import java.io.IOException;

/**
 * What {@link GitWriter} does over the network, for one repository from one scratch repository:
 * fetches a branch's head and pushes a commit to a branch, never forced. Each failure is a
 * StepFailure naming the repository; refused credentials or host keys say that no retry helps
 * ({@link TransportErrors}).
 */
final class GitRemote {
    private final Git git;
    private final GitRepo repo;
    private final GitCredentials credentials;

    GitRemote(Git git, GitRepo repo, GitCredentials credentials) {
        this.git = git;
        this.repo = repo;
        this.credentials = credentials;
    }

    /** The head of the repository's branch; fails when the repository has no such branch. */
    RevCommit head() throws IOException {
        RevCommit head = fetch(repo.branch());
        if (head == null) {
            throw new StepFailure(repo.describe() + ": the repository has no branch " + repo.branch(), false);
        }
        return head;
    }

    /** The head of {@code branch}, or null when the repository has no such branch (asked first: fetching a missing branch fails). */
    RevCommit headIfPresent(String branch) throws IOException {
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
        return fetch(branch);
    }

    /** The head of {@code branch}, or null when the fetch brought no such branch. */
    private RevCommit fetch(String branch) throws IOException {
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

    /**
     * Pushes {@code commit} to {@code pushTo}, fast-forward only: true when the branch holds it,
     * false when the branch moved in between. Any other rejection fails, naming {@code where}.
     */
    boolean push(ObjectId commit, String pushTo, String where) {
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
                case OK, UP_TO_DATE -> true;
                case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> false;
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
}
