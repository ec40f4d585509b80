package dev.signoff.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The rendered objects applied to fabric8's mock API server (CRUD mode, on 127.0.0.1) and read back. */
@EnableKubernetesMockClient(crud = true)
@DisplayName("The rendered chart in a (mock) cluster")
class MockClusterTest {
    static KubernetesClient client;

    @Test
    @DisplayName("is accepted object by object and reads back as rendered")
    void applies() {
        assertThat(URI.create(client.getConfiguration().getMasterUrl()).getHost()).isIn("127.0.0.1", "localhost");
        Rendered rendered = SignoffChart.renderProduction();

        for (HasMetadata object : rendered.objects()) {
            client.resource(object).create();
        }

        Deployment deployment = client.apps().deployments().inNamespace(SignoffChart.NAMESPACE).withName("signoff").get();
        assertThat(deployment.getSpec()).isEqualTo(rendered.deployment().getSpec());
        assertThat(client.configMaps().inNamespace(SignoffChart.NAMESPACE).withName("signoff-pipelines").get().getData())
                .isEqualTo(rendered.one(ConfigMap.class).getData());
        assertThat(client.rbac().roles().inNamespace("shop").withName("signoff").get().getRules())
                .isEqualTo(rendered.find(Role.class, "shop", "signoff").orElseThrow().getRules());
        assertThat(client.rbac().roles().inNamespace("shop-test").withName("signoff").get()).isNotNull();
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace(SignoffChart.NAMESPACE).list().getItems()).hasSize(1);
        assertThat(client.network().v1().ingresses().inNamespace(SignoffChart.NAMESPACE).withName("signoff").get()).isNotNull();
    }

    @Test
    @DisplayName("uses only fields the Kubernetes API knows: none lands in fabric8's bag of unknown properties")
    void noUnknownFields() {
        for (Rendered rendered : List.of(SignoffChart.renderDefaults(), SignoffChart.renderProduction(),
                SignoffChart.render(SignoffChart.template().set("rbac.clusterWide", true)))) {
            List<String> unknown = new ArrayList<>();
            for (HasMetadata object : rendered.objects()) {
                unknownFields(object, object.getKind() + "/" + object.getMetadata().getName(), unknown);
            }
            assertThat(unknown).as("fields no Kubernetes type has").isEmpty();
        }
    }

    /** Recursively collects non-empty additionalProperties of fabric8's model objects: typos such as "readinesProbe". */
    private static void unknownFields(Object value, String path, List<String> out) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", out);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "." + key, out));
            return;
        }
        if (!(value instanceof KubernetesResource)) {
            return;
        }
        try {
            for (PropertyDescriptor property : Introspector.getBeanInfo(value.getClass()).getPropertyDescriptors()) {
                Method getter = property.getReadMethod();
                if (getter == null || getter.getDeclaringClass() == Object.class || getter.getParameterCount() > 0) {
                    continue;
                }
                Object child = getter.invoke(value);
                if (property.getName().equals("additionalProperties")) {
                    if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        out.add(path + ": " + extra.keySet());
                    }
                } else {
                    unknownFields(child, path + "." + property.getName(), out);
                }
            }
        } catch (ReflectiveOperationException | java.beans.IntrospectionException e) {
            throw new AssertionError("cannot inspect " + path, e);
        }
    }
}
