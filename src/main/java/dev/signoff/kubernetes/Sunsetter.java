package dev.signoff.kubernetes;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.Strategy;
import dev.signoff.promotion.spi.ProgressListener;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Takes an app out of a namespace: removes the Ingresses that route only to its Services, the
 * Services that select its pods, a canary, and scales its workloads (with blue and green
 * colours) to zero; a DaemonSet cannot be scaled, so it is deleted. Exposure goes first and the
 * workload last, so a sunset that failed half-way can run again: the workload is still there to
 * say which Services were its own.
 */
final class Sunsetter {

    String decommission(Cluster cluster, DeployTarget target, ProgressListener progress) {
        String namespace = target.namespace();
        WorkloadRef base = WorkloadRef.of(target);
        List<Workload> workloads = new ArrayList<>();
        Workloads.find(cluster, namespace, base).ifPresent(workloads::add);
        if (base.isDeployment()) {
            // blue-green colours; the plain <name> may be gone after the first switch
            Stream.of("-blue", "-green").map(suffix -> base.named(base.name() + suffix))
                    .forEach(ref -> Workloads.find(cluster, namespace, ref).ifPresent(workloads::add));
        }
        if (workloads.isEmpty()) {
            throw Workloads.missing(cluster, namespace, base);
        }
        Set<String> services = new LinkedHashSet<>();
        for (Service service : KubernetesErrors.call(cluster, namespace, "list", "services",
                () -> cluster.client().services().inNamespace(namespace).list().getItems())) {
            if (selectsAny(service, workloads) || isBlueGreenService(target, service)) {
                services.add(service.getMetadata().getName());
            }
        }
        List<String> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Ingress ingress : KubernetesErrors.call(cluster, namespace, "list", "ingresses",
                () -> cluster.client().network().v1().ingresses().inNamespace(namespace).list().getItems())) {
            Set<String> backends = backends(ingress);
            if (!backends.isEmpty() && services.containsAll(backends)) {
                KubernetesErrors.run(cluster, namespace, "delete", "ingresses",
                        () -> cluster.client().network().v1().ingresses().inNamespace(namespace).resource(ingress).delete());
                removed.add("ingress " + ingress.getMetadata().getName());
                progress.progress("removed ingress " + ingress.getMetadata().getName());
            } else if (backends.stream().anyMatch(services::contains)) {
                kept.add("ingress " + ingress.getMetadata().getName() + " (it also routes to other services)");
            }
        }
        for (String service : services) {
            KubernetesErrors.run(cluster, namespace, "delete", "services",
                    () -> cluster.client().services().inNamespace(namespace).withName(service).delete());
            removed.add("service " + service);
            progress.progress("removed service " + service);
        }
        if (base.isDeployment() && Workloads.delete(cluster, namespace, base.named(base.name() + "-canary"))) {
            removed.add("deployment/" + base.name() + "-canary");
        }
        List<String> done = new ArrayList<>();
        for (Workload workload : workloads) {
            if (workload.isDaemonSet()) {
                Workloads.delete(cluster, namespace, workload.ref());
                done.add("deleted " + workload.ref() + " (a DaemonSet cannot be scaled to zero)");
            } else {
                Workloads.scale(cluster, namespace, workload.ref(), 0);
                done.add("scaled " + workload.ref() + " to zero");
            }
            progress.progress(done.getLast());
        }
        return String.join(", ", done)
                + (removed.isEmpty() ? "; no Service or Ingress pointed at it" : "; removed " + String.join(", ", removed))
                + (kept.isEmpty() ? "" : "; kept " + String.join(", ", kept))
                + " in " + cluster.where(namespace);
    }

    /** A Service selects a workload when its whole selector is among the workload's pod labels. */
    private static boolean selectsAny(Service service, List<Workload> workloads) {
        Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return false;
        }
        return workloads.stream().anyMatch(w -> w.podLabels().entrySet().containsAll(selector.entrySet()));
    }

    private static boolean isBlueGreenService(DeployTarget target, Service service) {
        return target.strategy() instanceof Strategy.BlueGreen bg && bg.service().equals(service.getMetadata().getName());
    }

    /** The Services an Ingress routes to: its default backend and every rule's paths. */
    private static Set<String> backends(Ingress ingress) {
        Set<String> names = new LinkedHashSet<>();
        if (ingress.getSpec() == null) {
            return names;
        }
        add(names, ingress.getSpec().getDefaultBackend());
        List<IngressRule> rules = ingress.getSpec().getRules() == null ? List.of() : ingress.getSpec().getRules();
        rules.stream()
                .filter(rule -> rule.getHttp() != null && rule.getHttp().getPaths() != null)
                .flatMap(rule -> rule.getHttp().getPaths().stream())
                .map(HTTPIngressPath::getBackend)
                .filter(Objects::nonNull)
                .forEach(backend -> add(names, backend));
        return names;
    }

    private static void add(Set<String> names, IngressBackend backend) {
        if (backend != null && backend.getService() != null && backend.getService().getName() != null) {
            names.add(backend.getService().getName());
        } else if (backend != null && backend.getResource() != null) {
            names.add("resource " + backend.getResource().getKind() + "/" + backend.getResource().getName());
        }
    }
}
