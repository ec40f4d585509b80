package dev.signoff.gitops;

import dev.signoff.promotion.GitDeploy;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays Argo CD or Flux against the mock API server: once asked for a refresh (Argo CD's
 * annotation, which it removes; Flux's requestedAt, which it echoes as lastHandledReconcileAt), it
 * reads the branch head with the {@code git} command line, looks at which image the file names,
 * and moves the object's status the way the real controller does: first in progress, then
 * Synced/Healthy (Ready True), or Degraded, a failed sync operation, or Ready False, as the test
 * set for that image. {@link Outcome#IGNORES} never answers. Public for the end-to-end tests.
 */
public final class FakeGitOpsController implements AutoCloseable {
    public enum Outcome { HEALTHY, DEGRADED, SYNC_FAILED, IGNORES }

    public static final String DEGRADED_MESSAGE = "Deployment \"shop\" exceeded its progress deadline";
    static final String SYNC_FAILED_MESSAGE = "one or more objects failed to apply, reason: admission webhook \"policy.example.com\" denied the request: image is not signed";
    static final String HEALTH_CHECK_MESSAGE = "health check failed after 30s: timeout waiting for: [Deployment/shop/shop status: 'InProgress']";

    private final KubernetesClient client;
    private final GitServer git;
    private final String path;
    private final GitDeploy.Controller controller;
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Integer> ticks = new ConcurrentHashMap<>();
    final List<String> refreshes = new CopyOnWriteArrayList<>();
    private final Thread loop;
    private volatile boolean running = true;
    private volatile boolean asked;

    public FakeGitOpsController(KubernetesClient client, GitServer git, String path, GitDeploy.Controller controller) {
        this.client = client;
        this.git = git;
        this.path = path;
        this.controller = controller;
        this.loop = Thread.ofVirtual().start(this::run);
    }

    /** What happens once the file names an image containing {@code digest}. */
    public void when(String digest, Outcome outcome) {
        outcomes.put(digest, outcome);
    }

    private void run() {
        while (running) {
            try {
                tick();
                Thread.sleep(40);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the object may be in the middle of an update; look again
            }
        }
    }

    private boolean argo() {
        return controller.kind() == GitDeploy.Controller.Kind.ARGOCD;
    }

    private void tick() {
        var resource = client.genericKubernetesResources(argo() ? ControllerWatch.APPLICATION : ControllerWatch.KUSTOMIZATION)
                .inNamespace(controller.namespace()).withName(controller.name());
        GenericKubernetesResource object = resource.get();
        if (object == null) {
            return;
        }
        Map<String, String> annotations = object.getMetadata().getAnnotations() == null ? Map.of() : object.getMetadata().getAnnotations();
        String key = argo() ? ControllerWatch.ARGO_REFRESH : ControllerWatch.FLUX_REQUESTED_AT;
        String requested = annotations.get(key);
        Map<String, Object> status = new LinkedHashMap<>(object.getAdditionalProperties().get("status") instanceof Map<?, ?> m
                ? cast(m) : Map.of());
        if (requested != null && (argo() || !requested.equals(status.get("lastHandledReconcileAt")))) {
            refreshes.add(requested);
            asked = true;
        }
        if (!asked) {
            return;
        }
        String head = git.inRepo("deploy", "rev-parse", "main").strip();
        String file = git.inRepo("deploy", "show", "main:" + path);
        Outcome outcome = outcomes.entrySet().stream().filter(e -> file.contains(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(Outcome.HEALTHY);
        if (outcome == Outcome.IGNORES) {
            return;
        }
        int tick = ticks.merge(head, 1, Integer::sum);
        Map<String, Object> next = argo() ? argoStatus(head, outcome, tick) : fluxStatus(head, outcome, tick, status);
        if (!argo() && requested != null) {
            next.put("lastHandledReconcileAt", requested);
        }
        object.getAdditionalProperties().put("status", next);
        if (argo() && requested != null) {
            Map<String, String> without = new HashMap<>(annotations);
            without.remove(key);
            object.getMetadata().setAnnotations(without);
        }
        // Optimistic: when Signoff annotated the object meanwhile, the update is refused and the next tick tries again.
        client.genericKubernetesResources(argo() ? ControllerWatch.APPLICATION : ControllerWatch.KUSTOMIZATION)
                .inNamespace(controller.namespace()).resource(object).update();
    }

    private static Map<String, Object> argoStatus(String head, Outcome outcome, int tick) {
        Map<String, Object> status = new LinkedHashMap<>();
        if (outcome == Outcome.SYNC_FAILED) {
            status.put("sync", Map.of("status", "OutOfSync", "revision", head));
            status.put("health", Map.of("status", "Healthy"));
            status.put("operationState", Map.of("phase", tick == 1 ? "Running" : "Failed",
                    "message", tick == 1 ? "waiting for healthy state" : SYNC_FAILED_MESSAGE,
                    "syncResult", Map.of("revision", head)));
            return status;
        }
        status.put("sync", Map.of("status", "Synced", "revision", head));
        String health = tick < 3 ? "Progressing" : outcome == Outcome.DEGRADED ? "Degraded" : "Healthy";
        status.put("health", Map.of("status", health));
        status.put("operationState", Map.of("phase", "Succeeded", "message", "successfully synced (all tasks run)",
                "syncResult", Map.of("revision", head)));
        Map<String, Object> deployment = new LinkedHashMap<>(Map.of("group", "apps", "version", "v1", "kind", "Deployment",
                "namespace", "shop", "name", "shop", "status", "Synced"));
        deployment.put("health", health.equals("Degraded") ? Map.of("status", health, "message", DEGRADED_MESSAGE) : Map.of("status", health));
        status.put("resources", List.of(deployment));
        return status;
    }

    private static Map<String, Object> fluxStatus(String head, Outcome outcome, int tick, Map<String, Object> before) {
        Map<String, Object> status = new LinkedHashMap<>(before);
        String revision = "main@sha1:" + head;
        status.put("lastAttemptedRevision", revision);
        List<Map<String, Object>> conditions = new ArrayList<>();
        if (tick < 3) {
            conditions.add(Map.of("type", "Ready", "status", "Unknown", "reason", "Progressing", "message", "Reconciliation in progress"));
            conditions.add(Map.of("type", "Reconciling", "status", "True", "reason", "Progressing", "message", "Reconciliation in progress"));
        } else if (outcome == Outcome.HEALTHY) {
            conditions.add(Map.of("type", "Ready", "status", "True", "reason", "ReconciliationSucceeded", "message", "Applied revision: " + revision));
            conditions.add(Map.of("type", "Healthy", "status", "True", "reason", "Succeeded", "message", "Health check passed in 2s"));
            status.put("lastAppliedRevision", revision);
        } else {
            conditions.add(Map.of("type", "Ready", "status", "False", "reason", "HealthCheckFailed", "message", HEALTH_CHECK_MESSAGE));
            conditions.add(Map.of("type", "Healthy", "status", "False", "reason", "HealthCheckFailed", "message", HEALTH_CHECK_MESSAGE));
        }
        status.put("conditions", conditions);
        return status;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
    }
}
