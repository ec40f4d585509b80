package dev.signoff.gitops;

import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.spi.StepFailure;
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
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What {@link GitWriter} does inside its scratch repository, without the network: reads a file at
 * a commit, finds a commit by a trailer line, and builds a commit that changes one file.
 */
final class GitObjects {
    /** How far back an earlier run's commit is looked for, by its trailer. */
    static final int LOOK_BACK = 50;

    private GitObjects() {
    }

    static RevCommit findByTrailer(RevWalk walk, RevCommit head, String trailer) throws IOException {
        if (trailer == null) {
            return null;
        }
        walk.markStart(walk.parseCommit(head));
        int seen = 0;
        for (RevCommit c : walk) {
            if (c.getFullMessage().lines().anyMatch(trailer::equals)) {
                return c;
            }
            if (++seen >= LOOK_BACK) {
                break;
            }
        }
        return null;
    }

    static GitWriter.History history(Repository local) {
        return new GitWriter.History() {
            @Override
            public String fileAt(String commit, String path) {
                return GitObjects.fileAt(local, ObjectId.fromString(commit), path);
            }

            @Override
            public String fileBefore(String commit, String path) {
                try (RevWalk walk = new RevWalk(local)) {
                    RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
                    return c.getParentCount() == 0 ? null : GitObjects.fileAt(local, c.getParent(0), path);
                } catch (IOException e) {
                    throw new StepFailure("cannot read the commit " + commit + ": " + e.getMessage(), true);
                }
            }
        };
    }

    static String fileAt(Repository local, ObjectId commitId, String path) {
        try (RevWalk walk = new RevWalk(local)) {
            RevCommit commit = walk.parseCommit(commitId);
            try (TreeWalk tree = TreeWalk.forPath(local, path, commit.getTree())) {
                if (tree == null || !tree.getFileMode(0).equals(FileMode.REGULAR_FILE) && !tree.getFileMode(0).equals(FileMode.EXECUTABLE_FILE)) {
                    return null;
                }
                return new String(local.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new StepFailure("cannot read " + path + " at " + commitId.name() + ": " + e.getMessage(), true);
        }
    }

    static ObjectId commit(Repository local, RevCommit head, String path, String text, GitRepo repo, String message) throws IOException {
        try (ObjectInserter inserter = local.newObjectInserter(); ObjectReader reader = local.newObjectReader()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, head.getTree());
            builder.finish();
            FileMode mode;
            try (TreeWalk tree = TreeWalk.forPath(local, path, head.getTree())) {
                mode = tree.getFileMode(0);
            }
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, text.getBytes(StandardCharsets.UTF_8));
            DirCacheEditor editor = index.editor();
            editor.add(new DirCacheEditor.PathEdit(path) {
                @Override
                public void apply(DirCacheEntry entry) {
                    entry.setFileMode(mode);
                    entry.setObjectId(blob);
                }
            });
            editor.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            commit.setParentId(head);
            PersonIdent author = new PersonIdent(repo.authorName(), repo.authorEmail());
            commit.setAuthor(author);
            commit.setCommitter(author);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }
}
