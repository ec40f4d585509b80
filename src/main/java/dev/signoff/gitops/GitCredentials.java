package dev.signoff.gitops;

import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.spi.StepFailure;
import org.eclipse.jgit.transport.CredentialsProvider;
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
 * tokens. Also {@link #scrub}s them from any text: JGit puts credentials into URLs and messages.
 */
final class GitCredentials {
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    private final String user;
    private final String secret;

    private GitCredentials(String user, String secret) {
        this.user = user;
        this.secret = secret;
    }

    static GitCredentials of(GitRepo repo, UnaryOperator<String> environment) {
        if (repo.credentials() == null) {
            return new GitCredentials(null, null);
        }
        if (GitUrls.isSsh(repo.url())) {
            throw new StepFailure(repo.describe() + ": ssh transport is not available in this build; use an https URL with a token", false);
        }
        String value = read(repo, environment);
        int colon = value.indexOf(':');
        if (colon > 0) {
            return new GitCredentials(value.substring(0, colon), value.substring(colon + 1));
        }
        return new GitCredentials(repo.provider() == GitRepo.Provider.GITLAB ? "oauth2" : "x-access-token", value);
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

    /** For JGit; null when the repository needs none. */
    CredentialsProvider provider() {
        return secret == null ? null : new UsernamePasswordCredentialsProvider(user, secret);
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
