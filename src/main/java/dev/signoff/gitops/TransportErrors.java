package dev.signoff.gitops;

import dev.signoff.promotion.GitRepo;
import org.eclipse.jgit.api.errors.TransportException;

import java.util.Locale;

/** What JGit's transport failures mean, in words for the card: refused credentials or host key (no retry helps), or else. */
final class TransportErrors {
    private TransportErrors() {
    }

    static boolean refused(TransportException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("not authorized") || m.contains("authentication") || m.contains("401") || m.contains("403")
                || m.contains("not permitted") || m.contains("credentialsprovider")
                || m.contains("cannot log in") || hostKeyRefused(e);
    }

    /** JGit's words when the ssh server's host key is not in the known-hosts file, or differs from it. */
    private static boolean hostKeyRefused(TransportException e) {
        return String.valueOf(e.getMessage()).contains("Server key did not validate");
    }

    static String problem(TransportException e, String what, GitRepo repo) {
        if (hostKeyRefused(e)) {
            return "the server's host key is not in the known hosts file " + GitCredentials.knownHosts(repo)
                    + " (an unknown host, or its key changed); check the key and add it there (ssh-keyscan), "
                    + "or name the right file with knownHosts: file:/path";
        }
        if (refused(e)) {
            return "authentication refused (check the credentials and that they may " + what + ")";
        }
        return "cannot " + what + ": " + e.getMessage();
    }
}
