package dev.signoff.promotion;

/**
 * A git repository Signoff may write to, by its name under {@code git:}: where it is
 * ({@code https://}, {@code ssh://} or {@code git@host:path}; plain {@code http://} only when
 * {@code insecure}), the branch it writes to, where its credentials come from ({@code env:VAR} or
 * {@code file:/path}; never inline), the commits' author, and the hosting service whose REST API
 * opens pull requests: {@code provider}, with {@code api} the API's base URL when it is not the one
 * the host implies (null: derived from the URL). Over ssh, {@code credentials} is the private
 * key's file and {@code knownHosts} the file with the server's host key (null: the user's
 * {@code ~/.ssh/known_hosts}).
 */
public record GitRepo(String name, String url, String branch, String credentials, boolean insecure,
                      String authorName, String authorEmail, Provider provider, String api, String knownHosts) {

    /** The hosting service whose REST API opens pull (GitHub) or merge (GitLab) requests. */
    public enum Provider { GITHUB, GITLAB }

    /** "git repository deploy-repo (https://git.example.com/acme/deploy.git), branch main", for messages. */
    public String describe() {
        return "git repository " + name + " (" + url + "), branch " + branch;
    }
}
