package dev.signoff.pipelines;

import dev.signoff.promotion.GitRepo;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code git:}: the repositories Signoff may write to, each with its credentials by reference
 * (a stage's GitOps {@code deploy:} is {@link GitDeployReader}'s).
 */
final class GitReader {
    private static final Pattern CREDENTIALS = Pattern.compile("env:[A-Za-z_][A-Za-z0-9_]*|file:\\S+");
    private static final Pattern SCP_LIKE = Pattern.compile("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/\\s][^\\s]*");
    private static final Pattern BRANCH = Pattern.compile("(?!/)(?!.*//)(?!.*\\.\\.)(?!.*@\\{)[A-Za-z0-9._/-]+(?<![/.])(?<!\\.lock)");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>]+@[^@\\s<>]+");
    private static final String REPO_EXAMPLE = "{ url: https://git.example.com/acme/deploy.git, branch: main, credentials: env:GIT_TOKEN }";

    private GitReader() {
    }

    /** The repositories; {@code named} receives every repository's name, also of one with a mistake, for stages to refer to. */
    static Map<String, GitRepo> repos(YamlNode node, java.util.Set<String> named) {
        Map<String, GitRepo> repos = new LinkedHashMap<>();
        node.entries("a mapping of git repositories, like deploy-repo: " + REPO_EXAMPLE).forEach((name, body) -> {
            Known.checkName(body, name);
            named.add(name);
            YamlNode.Fields fields = body.fields("a git repository, like " + REPO_EXAMPLE,
                    "url", "branch", "credentials", "insecure", "author", "provider", "api", "knownHosts");
            boolean insecure = Boolean.TRUE.equals(fields.get("insecure", YamlNode::bool, false));
            String url = fields.require("url", "url: https://git.example.com/acme/deploy.git", value -> url(value, insecure));
            String branch = fields.require("branch", "branch: main", value -> value.matching(BRANCH, "a valid branch name, like main"));
            String credentials = fields.get("credentials", value -> credentials(value, url), null);
            String[] author = fields.get("author", GitReader::author, new String[] {"Signoff", "signoff@localhost"});
            GitRepo.Provider provider = fields.get("provider", GitReader::provider, url == null ? null : defaultProvider(url));
            String api = fields.get("api", value -> api(value, insecure), null);
            String knownHosts = fields.get("knownHosts", value -> knownHosts(value, url), null);
            if (url != null && branch != null && author != null && provider != null && (credentials != null || fields.optional("credentials") == null)
                    && (api != null || fields.optional("api") == null) && (knownHosts != null || fields.optional("knownHosts") == null)) {
                repos.put(name, new GitRepo(name, url, branch, credentials, insecure, author[0], author[1], provider, api, knownHosts));
            }
        });
        return repos;
    }

    private static String url(YamlNode node, boolean insecure) {
        String text = node.text();
        if (text == null) {
            return null;
        }
        if (SCP_LIKE.matcher(text).matches()) {
            return text;
        }
        try {
            URI uri = URI.create(text);
            if (uri.getHost() != null && uri.getPath() != null && uri.getPath().length() > 1 && uri.getRawUserInfo() == null) {
                switch (uri.getScheme()) {
                    case "https", "ssh" -> {
                        return text;
                    }
                    case "http" -> {
                        if (insecure) {
                            return text;
                        }
                        node.problem("'" + text + "' is plain http, which sends the credentials in the clear; use https, or add insecure: true for a local server");
                        return null;
                    }
                    default -> {
                    }
                }
            } else if (uri.getRawUserInfo() != null && !"ssh".equals(uri.getScheme())) {
                node.problem("the URL carries credentials; give them with credentials: env:GIT_TOKEN instead");
                return null;
            } else if ("ssh".equals(uri.getScheme()) && uri.getHost() != null) {
                return text;
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            // reported below
        }
        node.problem("'" + text + "' is not a git URL; write https://host/path.git, ssh://git@host/path.git or git@host:path.git");
        return null;
    }

    /** The REST API's base URL, like https://ghe.example.com/api/v3: https, or plain http with insecure: true; no credentials in it. */
    private static String api(YamlNode node, boolean insecure) {
        String text = node.text();
        if (text == null) {
            return null;
        }
        try {
            URI uri = URI.create(text);
            if (uri.getHost() != null && uri.getRawUserInfo() == null && uri.getRawQuery() == null
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && insecure)) {
                return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
            }
            if ("http".equals(uri.getScheme()) && uri.getHost() != null) {
                node.problem("'" + text + "' is plain http, which sends the token in the clear; use https, or add insecure: true for a local server");
                return null;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        node.problem("'" + text + "' is not the base URL of a REST API; write https://host/api/v4 (GitLab) or https://host/api/v3 (GitHub Enterprise), "
                + "without credentials or a query");
        return null;
    }

    /** The ssh known-hosts file, {@code file:/path}; only for ssh URLs. */
    private static String knownHosts(YamlNode node, String url) {
        String text = node.text();
        if (text == null) {
            return null;
        }
        if (url != null && !isSsh(url)) {
            node.problem("knownHosts: is for ssh repositories; " + url + " is not one");
            return null;
        }
        if (!text.startsWith("file:/") || text.length() == "file:/".length()) {
            node.problem("'" + text + "' is not a file; write knownHosts: file:/etc/signoff/known_hosts (an absolute path)");
            return null;
        }
        return text.substring("file:".length());
    }

    private static String credentials(YamlNode node, String url) {
        String text = node.text();
        if (text == null) {
            return null;
        }
        if (!CREDENTIALS.matcher(text).matches()) {
            // The value is not repeated in the message: it may be the token itself.
            node.problem("credentials are never written inline; say where they come from: env:VARIABLE or file:/path/to/file");
            return null;
        }
        if (url != null && isSsh(url) && !text.startsWith("file:")) {
            node.problem("an ssh repository needs its private key as a file, like credentials: file:/etc/signoff/deploy-key");
            return null;
        }
        return text;
    }

    static boolean isSsh(String url) {
        return url.startsWith("ssh://") || SCP_LIKE.matcher(url).matches();
    }

    private static String[] author(YamlNode node) {
        YamlNode.Fields fields = node.fields("the commits' author, like { name: Signoff, email: signoff@example.com }", "name", "email");
        String name = fields.require("name", "name: Signoff", YamlNode::text);
        String email = fields.require("email", "email: signoff@example.com", value -> value.matching(EMAIL, "an email address"));
        return name == null || email == null ? null : new String[] {name, email};
    }

    private static GitRepo.Provider provider(YamlNode node) {
        String text = node.text();
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "github" -> GitRepo.Provider.GITHUB;
            case "gitlab" -> GitRepo.Provider.GITLAB;
            default -> {
                node.problem("'" + text + "' is not a provider; the providers are github, gitlab");
                yield null;
            }
        };
    }

    private static GitRepo.Provider defaultProvider(String url) {
        return url.toLowerCase(Locale.ROOT).contains("gitlab") ? GitRepo.Provider.GITLAB : GitRepo.Provider.GITHUB;
    }
}
