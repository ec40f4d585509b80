package dev.signoff.gitops;

import dev.signoff.promotion.GitRepo;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The hosting service of a repository, as far as pull-request mode needs it: find the request a
 * branch already has, open one, and read one. GitHub (pull requests) or GitLab (merge requests),
 * chosen by the repository's {@code provider}.
 */
interface Forge {
    /** The request whose source branch is {@code branch}, in any state, if there is one. */
    Optional<PullRequest> find(String branch);

    /** Opens a request from {@code branch} into the repository's branch. */
    PullRequest open(String branch, String title, String body);

    PullRequest get(long number);

    /** The project's path on its host, like acme/deploy, from the repository's URL. */
    static String project(GitRepo repo) {
        String path = Forge.host(repo).getPath();
        path = path.startsWith("/") ? path.substring(1) : path;
        return path.endsWith(".git") ? path.substring(0, path.length() - 4) : path;
    }

    /**
     * The REST API's base URL: the repository's {@code api} when it has one; otherwise
     * https://api.github.com for github.com, https://host/api/v3 for another GitHub (Enterprise
     * Server), https://host/api/v4 for GitLab.
     */
    static String apiBase(GitRepo repo) {
        if (repo.api() != null) {
            return repo.api();
        }
        URI url = host(repo);
        String scheme = "http".equals(url.getScheme()) ? "http" : "https";
        String authority = url.getHost() + (url.getPort() > 0 && !"ssh".equals(url.getScheme()) ? ":" + url.getPort() : "");
        if (repo.provider() == GitRepo.Provider.GITLAB) {
            return scheme + "://" + authority + "/api/v4";
        }
        return url.getHost().toLowerCase(Locale.ROOT).equals("github.com") ? "https://api.github.com" : scheme + "://" + authority + "/api/v3";
    }

    /** The URL as a URI; git@host:path is read as ssh://git@host/path. */
    private static URI host(GitRepo repo) {
        String url = repo.url();
        if (!url.contains("://")) {
            int colon = url.indexOf(':');
            url = "ssh://" + url.substring(0, colon) + "/" + url.substring(colon + 1);
        }
        return URI.create(url);
    }
}
