package dev.signoff.gitops;

import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.spi.StepFailure;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FileUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JGit's ssh transport (Apache MINA sshd) for one repository and one use: the private key is the
 * repository's key file, and the server's host key must be in its known-hosts file (the
 * repository's {@code knownHosts}, else {@code ~/.ssh/known_hosts} of the user Signoff runs as);
 * an unknown or changed host key is refused, never learnt. Nothing of the user's own
 * {@code ~/.ssh} (config, keys, agent) is used. Close it after the fetch or push.
 */
final class SshSessions implements AutoCloseable {
    private final Path home;
    private final SshdSessionFactory factory;

    private SshSessions(Path home, SshdSessionFactory factory) {
        this.home = home;
        this.factory = factory;
    }

    static SshSessions of(GitRepo repo, Path key, Path knownHosts) {
        if (!Files.isReadable(key)) {
            throw new StepFailure(repo.describe() + ": cannot read the ssh key file " + key, false);
        }
        if (!Files.isReadable(knownHosts)) {
            throw new StepFailure(repo.describe() + ": cannot read the known hosts file " + knownHosts
                    + "; add the server's host key there (ssh-keyscan), or name the file with knownHosts: file:/path", false);
        }
        try {
            Path home = Files.createTempDirectory("signoff-ssh-");
            Path config = Files.writeString(home.resolve("config"), """
                    Host *
                      StrictHostKeyChecking yes
                      UserKnownHostsFile "%s"
                      GlobalKnownHostsFile /dev/null
                      IdentityFile "%s"
                      IdentitiesOnly yes
                      PreferredAuthentications publickey
                    """.formatted(knownHosts.toAbsolutePath(), key.toAbsolutePath()));
            SshdSessionFactory factory = new SshdSessionFactoryBuilder()
                    .setHomeDirectory(home.toFile())
                    .setSshDirectory(home.toFile())
                    .setConfigFile(ssh -> config.toFile())
                    .build(null);
            return new SshSessions(home, factory);
        } catch (IOException e) {
            throw new StepFailure(repo.describe() + ": cannot prepare the ssh session: " + e.getMessage(), true);
        }
    }

    /** Makes a fetch, push or ls-remote use these sessions. */
    TransportConfigCallback callback() {
        return transport -> {
            if (transport instanceof SshTransport ssh) {
                ssh.setSshSessionFactory(factory);
            }
        };
    }

    @Override
    public void close() {
        factory.close();
        try {
            FileUtils.delete(home.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.IGNORE_ERRORS);
        } catch (IOException e) {
            // a temporary directory; the system cleans it eventually
        }
    }
}
