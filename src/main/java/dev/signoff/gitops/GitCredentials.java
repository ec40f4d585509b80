package dev.signoff.gitops;

import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.spi.StepFailure;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A repository's credentials, read where {@code credentials:} says ({@code env:VAR} or
 * {@code file:/path}) at each use, so a rotated token is picked up. Over https a value
 * {@code user:password} is both; a bare token goes with the user name the host expects for
 * tokens. Over ssh the file is the private key, used through {@link SshSessions}. Also
 * {@link #scrub}s them from any text: JGit puts credentials into URLs and messages. Close it
 * after use (it holds the ssh sessions).
 */
final class GitCredentials implements AutoCloseable {
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    private final String user;
    private final String secret;
    private final SshSessions ssh;

    private GitCredentials(String user, String secret, SshSessions ssh) {
        this.user = user;
        this.secret = secret;
        this.ssh = ssh;
    }

    static GitCredentials of(GitRepo repo, UnaryOperator<String> environment) {
        if (GitUrls.isSsh(repo.url())) {
            if (repo.credentials() == null || !repo.credentials().startsWith("file:")) {
                throw new StepFailure(repo.describe() + ": an ssh repository needs its private key as credentials: file:/path", false);
            }
            return new GitCredentials(null, null, SshSessions.of(repo, Path.of(repo.credentials().substring("file:".length())), knownHosts(repo)));
        }
        if (repo.credentials() == null) {
            return new GitCredentials(null, null, null);
        }
        String value = read(repo, environment);
        int colon = value.indexOf(':');
        if (colon > 0) {
            return new GitCredentials(value.substring(0, colon), value.substring(colon + 1), null);
        }
        return new GitCredentials(repo.provider() == GitRepo.Provider.GITLAB ? "oauth2" : "x-access-token", value, null);
    }

    /** The ssh repository's known-hosts file: its knownHosts, else ~/.ssh/known_hosts of the user Signoff runs as. */
    static Path knownHosts(GitRepo repo) {
        return repo.knownHosts() != null ? Path.of(repo.knownHosts()) : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }

    private static String read(GitRepo repo, UnaryOperator<String> environment) {
        String reference = repo.credentials();
        String where = reference.substring(reference.indexOf(':') + 1);
        String value;
        if (reference.startsWith("env:")) {
            value = environment.apply(where);
            if (value == null || value.isBlank()) {
                throw new StepFailure(repo.describe() + ": the credentials variable " + where + " is not set", false);
            }
        } else {
            try {
                value = Files.readString(Path.of(where));
            } catch (IOException e) {
                throw new StepFailure(repo.describe() + ": cannot read the credentials file " + where + " (" + e.getClass().getSimpleName() + ")", false);
            }
        }
        return value.strip();
    }

    /** Gives a fetch, push or ls-remote the token (https) or the ssh sessions (ssh). */
    <C extends TransportCommand<C, ?>> C apply(C command) {
        if (secret != null) {
            command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(user, secret));
        }
        if (ssh != null) {
            command.setTransportConfigCallback(ssh.callback());
        }
        return command;
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
        }
    }

    /** The token (the password of user:password) for a forge's REST API; null when the repository has no credentials. */
    String token() {
        return secret;
    }

    /** The text without the secret and without any user info in URLs. */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = USER_INFO.matcher(text).replaceAll("");
        return secret == null || secret.isEmpty() ? out : out.replace(secret, "***");
    }
}
