package dev.signoff.kubernetes;

import dev.signoff.promotion.spi.StepFailure;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the API server (or the network) said into a {@link StepFailure} a person can act
 * on: where it happened, what Signoff was doing, and whether trying again later can help.
 */
final class KubernetesErrors {
    /** The RBAC authorizer's sentence: {@code User "…" cannot patch resource "deployments" in API group "apps" …}. */
    private static final Pattern FORBIDDEN = Pattern.compile(
            "User \"([^\"]+)\" cannot (\\S+) resource \"([^\"]+)\"(?: in API group \"([^\"]*)\")?");

    private static final int CONFLICT_ATTEMPTS = 5;

    private KubernetesErrors() {
    }

    /**
     * Runs one call to the API server. {@code verb} and {@code resource} say what Signoff was
     * doing ("patch", "deployments"), for when the server's answer does not.
     */
    static <T> T call(Cluster cluster, String namespace, String verb, String resource, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw translate(cluster, namespace, verb, resource, e);
        }
    }

    static void run(Cluster cluster, String namespace, String verb, String resource, Runnable call) {
        call(cluster, namespace, verb, resource, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Runs a read-modify-patch again when the object changed in between (409). fabric8's
     * {@code edit} sends the resourceVersion it read, and controllers write a workload's status
     * all through a rollout, so a conflict is ordinary; a few fresh attempts settle it.
     */
    static <T> T retryingConflicts(Supplier<T> edit) {
        for (int attempt = 1; ; attempt++) {
            try {
                return edit.get();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == CONFLICT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    static StepFailure translate(Cluster cluster, String namespace, String verb, String resource, KubernetesClientException e) {
        String where = cluster.where(namespace);
        String reason = reason(e);
        int code = e.getCode();
        if (isNetwork(e)) {
            return new StepFailure(cluster.describe() + " is unreachable" + (cluster.client() != null ? " at " + cluster.client().getMasterUrl() : "")
                    + ": " + networkReason(e) + " (while trying to " + verb + " " + resource + ")", true, e);
        }
        return switch (code) {
            case 403 -> forbidden(where, verb, resource, reason, e);
            case 401 -> new StepFailure(cluster.describe() + ": the API server did not accept Signoff's credentials (401 Unauthorized)"
                    + " while trying to " + verb + " " + resource + "; check the kubeconfig user or the service account token", false, e);
            case 404 -> new StepFailure(where + ": " + resource + " not found while trying to " + verb + " it: " + reason, false, e);
            case 409 -> new StepFailure(where + ": someone else changed the " + resource + " while Signoff tried to " + verb
                    + " it (409 Conflict); trying again will read the new state", true, e);
            case 422, 400 -> new StepFailure(where + ": the API server refused to " + verb + " " + resource + ": " + reason, false, e);
            case 429 -> new StepFailure(where + ": the API server is throttling requests (429) while trying to " + verb + " "
                    + resource + "; try again later", true, e);
            default -> new StepFailure(where + ": could not " + verb + " " + resource
                    + (code > 0 ? " (HTTP " + code + ")" : "") + ": " + reason, code >= 500, e);
        };
    }

    private static StepFailure forbidden(String where, String verb, String resource, String reason, KubernetesClientException e) {
        Matcher m = FORBIDDEN.matcher(reason);
        String who = "Signoff's service account";
        if (m.find()) {
            who = m.group(1);
            verb = m.group(2);
            resource = m.group(3) + (m.group(4) != null && !m.group(4).isEmpty() ? " (API group " + m.group(4) + ")" : "");
        } else if (e.getStatus() != null && e.getStatus().getDetails() != null && e.getStatus().getDetails().getKind() != null) {
            var details = e.getStatus().getDetails();
            resource = details.getKind() + (details.getGroup() != null && !details.getGroup().isEmpty() ? " (API group " + details.getGroup() + ")" : "");
        }
        return new StepFailure(where + ": forbidden: " + who + " may not " + verb + " " + resource
                + " here; grant the verb \"" + verb + "\" on \"" + resource.replaceAll(" \\(.*", "") + "\" in Signoff's Role for this namespace", false, e);
    }

    private static String reason(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null && !e.getStatus().getMessage().isBlank()) {
            return e.getStatus().getMessage();
        }
        return e.getMessage();
    }

    private static boolean isNetwork(Throwable e) {
        return network(e) != null;
    }

    /** The outermost I/O failure in the chain: the one that says what went wrong, not how the channel closed. */
    private static IOException network(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    /** In words, from the first failure in the chain that says what went wrong (fabric8 wraps it in a plain IOException). */
    private static String networkReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String detail = t.getMessage() != null ? " (" + t.getMessage() + ")" : "";
            String reason = switch (t) {
                case UnknownHostException u -> "unknown host" + detail;
                case ConnectException c -> "could not connect" + detail;
                case HttpTimeoutException h -> "timed out" + detail;
                case SocketTimeoutException s -> "timed out" + detail;
                case SSLException s -> "TLS handshake failed" + detail;
                default -> null;
            };
            if (reason != null) {
                return reason;
            }
        }
        IOException io = network(e);
        return io.getMessage() != null ? io.getMessage() : io.getClass().getSimpleName();
    }
}
