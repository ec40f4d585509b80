package dev.signoff.gitops;

import java.util.regex.Pattern;

/** What kind of URL a repository has. */
final class GitUrls {
    private static final Pattern SCP_LIKE = Pattern.compile("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/\\s].*");

    private GitUrls() {
    }

    static boolean isSsh(String url) {
        return url.startsWith("ssh://") || SCP_LIKE.matcher(url).matches();
    }
}
