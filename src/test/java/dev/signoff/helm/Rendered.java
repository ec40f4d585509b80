package dev.signoff.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What {@code helm template} printed, and the objects in it. */
record Rendered(String text, List<HasMetadata> objects) {

    static Rendered of(String text) {
        return new Rendered(text, SignoffChart.parse(text));
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> kind, String namespace, String name) {
        return all(kind).stream()
                .filter(o -> name.equals(o.getMetadata().getName()) && namespace.equals(o.getMetadata().getNamespace()))
                .findFirst();
    }

    <T extends HasMetadata> T one(Class<T> kind) {
        List<T> found = all(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind.getSimpleName() + ", found " + found.size());
        }
        return found.getFirst();
    }

    Deployment deployment() {
        return one(Deployment.class);
    }

    Container container() {
        return deployment().getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    /** The container's environment by name. */
    Map<String, EnvVar> env() {
        return container().getEnv().stream().collect(Collectors.toMap(EnvVar::getName, Function.identity()));
    }

    /** "Kind namespace/name" of every object, for messages. */
    List<String> names() {
        return objects.stream()
                .map(o -> o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
                .toList();
    }
}
