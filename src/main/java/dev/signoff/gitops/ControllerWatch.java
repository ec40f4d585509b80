package dev.signoff.gitops;

import dev.signoff.kubernetes.ClusterClients;
import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Waits for the GitOps controller that applies a stage's repository to report a commit synced and
 * healthy, reading its object through the cluster's Kubernetes API as generic resources: an Argo
 * CD {@code Application} ({@code argoproj.io/v1alpha1}) or a Flux {@code Kustomization}
 * ({@code kustomize.toolkit.fluxcd.io/v1}). It first asks for a refresh (Argo CD's
 * {@code argocd.argoproj.io/refresh} annotation, Flux's {@code reconcile.fluxcd.io/requestedAt}
 * on the Kustomization and its GitRepository), then polls. It fails with the controller's own
 * message when the commit is Degraded, its sync operation failed, or Ready is False for it, and
 * when the time is up, with the last state it saw.
 */
final class ControllerWatch {
    static final ResourceDefinitionContext APPLICATION = context("argoproj.io", "v1alpha1", "Application", "applications");
    static final ResourceDefinitionContext KUSTOMIZATION = context("kustomize.toolkit.fluxcd.io", "v1", "Kustomization", "kustomizations");
    static final ResourceDefinitionContext GIT_REPOSITORY = context("source.toolkit.fluxcd.io", "v1", "GitRepository", "gitrepositories");
    static final String ARGO_REFRESH = "argocd.argoproj.io/refresh";
    static final String FLUX_REQUESTED_AT = "reconcile.fluxcd.io/requestedAt";

    /** What one look at the controller's object says about the commit. */
    sealed interface State {
        String words();
    }

    record Waiting(String words) implements State {
    }

    record Done(String words) implements State {
    }

    record Failed(String words) implements State {
    }

    private final ClusterClients clusters;
    private final Duration poll;
    private final Clock clock;

    ControllerWatch(ClusterClients clusters, Duration poll, Clock clock) {
        this.clusters = clusters;
        this.poll = poll;
        this.clock = clock;
    }

    /**
     * Waits until {@code controller} reports {@code commit} synced and healthy. {@code isOurs}
     * says whether a revision the controller reports is the commit or one after it on the branch
     * (others may push on top). Returns the card's summary.
     */
    String await(GitDeploy.Controller controller, String commit, Duration timeout, Predicate<String> isOurs, ProgressListener progress) {
        KubernetesClient client = clusters.client(controller.cluster());
        String where = controller.describe();
        Instant started = clock.instant();
        Instant deadline = started.plus(timeout);
        refresh(client, controller);
        String last = "no status yet";
        while (true) {
            GenericKubernetesResource object;
            try {
                object = client.genericKubernetesResources(definition(controller)).inNamespace(controller.namespace())
                        .withName(controller.name()).get();
            } catch (KubernetesClientException e) {
                throw new StepFailure(where + ": cannot read it (" + e.getCode() + " " + reason(e) + ")", e.getCode() >= 500 || e.getCode() == 0);
            }
            if (object == null) {
                throw new StepFailure(where + " does not exist", false);
            }
            State state = controller.kind() == GitDeploy.Controller.Kind.ARGOCD
                    ? argoCd(status(object), isOurs, started) : flux(status(object), isOurs);
            String words = controller.kind().product() + ": " + state.words();
            switch (state) {
                case Done done -> {
                    return words + " at " + commit.substring(0, 12);
                }
                case Failed failed -> throw new StepFailure(where + ": " + state.words(), false);
                case Waiting waiting -> {
                    if (!words.equals(last)) {
                        progress.progress(words);
                        last = words;
                    }
                }
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new StepFailure(where + " did not report " + commit.substring(0, 12) + " synced and healthy within "
                        + timeout.toString().substring(2).toLowerCase() + "; last: " + state.words(), true);
            }
            try {
                Thread.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailure(where + ": stopped waiting (interrupted)", true);
            }
        }
    }

    private void refresh(KubernetesClient client, GitDeploy.Controller controller) {
        try {
            var resource = client.genericKubernetesResources(definition(controller)).inNamespace(controller.namespace()).withName(controller.name());
            GenericKubernetesResource object = resource.get();
            if (object == null) {
                throw new StepFailure(controller.describe() + " does not exist", false);
            }
            String key = controller.kind() == GitDeploy.Controller.Kind.ARGOCD ? ARGO_REFRESH : FLUX_REQUESTED_AT;
            String value = controller.kind() == GitDeploy.Controller.Kind.ARGOCD ? "normal" : clock.instant().toString();
            String patch = annotationPatch(key, value);
            resource.patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            if (controller.kind() == GitDeploy.Controller.Kind.FLUX && at(status(object, "spec"), "sourceRef") instanceof Map<?, ?> source
                    && "GitRepository".equals(source.get("kind")) && source.get("name") instanceof String name) {
                // What `flux reconcile kustomization --with-source` does: the source fetches the new commit at once.
                String namespace = source.get("namespace") instanceof String ns ? ns : controller.namespace();
                var repository = client.genericKubernetesResources(GIT_REPOSITORY).inNamespace(namespace).withName(name);
                if (repository.get() != null) {
                    repository.patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                }
            }
        } catch (KubernetesClientException e) {
            throw new StepFailure(controller.describe() + ": cannot ask for a refresh (" + e.getCode() + " " + reason(e) + ")",
                    e.getCode() >= 500 || e.getCode() == 0);
        }
    }

    /**
     * A merge patch of one annotation: it carries no resourceVersion, so it does not collide with
     * the controller, which updates the object's status all the time.
     */
    private static String annotationPatch(String key, String value) {
        return Serialization.asJson(Map.of("metadata", Map.of("annotations", Map.of(key, value))));
    }

    /**
     * Argo CD: done when {@code status.sync.revision} is the commit (or later), {@code sync.status}
     * Synced and {@code health.status} Healthy; failed when, for that revision, health is Degraded,
     * or the last sync operation (for it, or started since the wait began) ended Failed or Error.
     */
    static State argoCd(Map<String, Object> status, Predicate<String> isOurs, Instant since) {
        String syncStatus = text(at(status, "sync", "status"), "Unknown");
        String revision = text(at(status, "sync", "revision"), null);
        String health = text(at(status, "health", "status"), "Unknown");
        String phase = text(at(status, "operationState", "phase"), null);
        String operationRevision = text(at(status, "operationState", "syncResult", "revision"), null);
        String startedAt = text(at(status, "operationState", "startedAt"), null);
        boolean operationIsOurs = operationRevision != null ? isOurs.test(operationRevision)
                : startedAt != null && !Instant.parse(startedAt).isBefore(since.minusSeconds(1));
        if (("Failed".equals(phase) || "Error".equals(phase)) && operationIsOurs) {
            return new Failed("sync " + phase.toLowerCase() + ": " + text(at(status, "operationState", "message"), "no message"));
        }
        boolean ours = revision != null && isOurs.test(revision);
        String words = syncStatus + ", " + health + (ours || revision == null ? "" : " (at " + abbreviate(revision) + ")");
        if (ours && "Degraded".equals(health)) {
            return new Failed("Degraded: " + healthMessage(status));
        }
        if (ours && "Synced".equals(syncStatus) && "Healthy".equals(health)) {
            return new Done(words);
        }
        return new Waiting(words);
    }

    /**
     * Flux: done when {@code status.lastAppliedRevision} names the commit (or a later one) and
     * condition Ready is True; failed when Ready is False while the last attempted revision is it.
     */
    static State flux(Map<String, Object> status, Predicate<String> isOurs) {
        String applied = text(at(status, "lastAppliedRevision"), null);
        String attempted = text(at(status, "lastAttemptedRevision"), applied);
        Map<?, ?> ready = condition(status, "Ready");
        String readyStatus = ready == null ? "Unknown" : text(ready.get("status"), "Unknown");
        String reason = ready == null ? null : text(ready.get("reason"), null);
        String message = ready == null ? null : text(ready.get("message"), null);
        String words = "Ready " + readyStatus + (reason != null ? " (" + reason + ")" : "");
        if ("False".equals(readyStatus) && attempted != null && isOurs.test(fluxCommit(attempted))) {
            return new Failed((reason != null ? reason + ": " : "") + Objects.requireNonNullElse(message, "no message"));
        }
        if ("True".equals(readyStatus) && applied != null && isOurs.test(fluxCommit(applied))) {
            return new Done(words);
        }
        return new Waiting(words + (applied != null && !isOurs.test(fluxCommit(applied)) ? ", applied " + abbreviate(applied) : ""));
    }

    /** Flux writes revisions as {@code main@sha1:<commit>} (older versions {@code main/<commit>}). */
    static String fluxCommit(String revision) {
        int at = Math.max(revision.lastIndexOf(':'), revision.lastIndexOf('/'));
        return at < 0 ? revision : revision.substring(at + 1);
    }

    private static String healthMessage(Map<String, Object> status) {
        String message = text(at(status, "health", "message"), null);
        if (message != null) {
            return message;
        }
        // Argo CD 3 keeps health messages on the resources only.
        if (at(status, "resources") instanceof List<?> resources) {
            for (Object r : resources) {
                if (r instanceof Map<?, ?> resource && at(resource, "health", "status") instanceof String s && s.equals("Degraded")) {
                    return resource.get("kind") + "/" + resource.get("name") + ": " + text(at(resource, "health", "message"), "Degraded");
                }
            }
        }
        return "no message";
    }

    private static Map<?, ?> condition(Map<String, Object> status, String type) {
        if (at(status, "conditions") instanceof List<?> conditions) {
            for (Object c : conditions) {
                if (c instanceof Map<?, ?> condition && type.equals(condition.get("type"))) {
                    return condition;
                }
            }
        }
        return null;
    }

    private static String abbreviate(String revision) {
        String commit = fluxCommit(revision);
        return commit.length() > 12 && commit.matches("[0-9a-f]+") ? revision.replace(commit, commit.substring(0, 12)) : revision;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource object) {
        return object.getAdditionalProperties().get("status") instanceof Map<?, ?> status ? (Map<String, Object>) status : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource object, String field) {
        return object.getAdditionalProperties().get(field) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static Object at(Map<?, ?> map, String... keys) {
        Object node = map;
        for (String key : keys) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(key);
        }
        return node;
    }

    private static String text(Object value, String otherwise) {
        return value instanceof String s && !s.isEmpty() ? s : otherwise;
    }

    private static String reason(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getReason() != null ? e.getStatus().getReason() : String.valueOf(e.getMessage());
    }

    private static ResourceDefinitionContext definition(GitDeploy.Controller controller) {
        return controller.kind() == GitDeploy.Controller.Kind.ARGOCD ? APPLICATION : KUSTOMIZATION;
    }

    private static ResourceDefinitionContext context(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }
}
