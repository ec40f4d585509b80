package dev.signoff.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The rendered RBAC")
class RbacTemplateTest {
    /**
     * What Signoff needs for the workloads it deploys, as "group/resource verb", and nothing more:
     * no update (it patches), no scale subresource (it patches spec.replicas), no ReplicaSets.
     */
    static final Set<String> WORKLOAD_PERMISSIONS = new TreeSet<>(List.of(
            "apps/deployments get", "apps/deployments list", "apps/deployments watch", "apps/deployments patch",
            "apps/deployments create", "apps/deployments delete",
            "apps/statefulsets get", "apps/statefulsets list", "apps/statefulsets watch", "apps/statefulsets patch",
            "apps/daemonsets get", "apps/daemonsets list", "apps/daemonsets watch", "apps/daemonsets patch", "apps/daemonsets delete",
            "/pods list", "/pods watch",
            "/services get", "/services list", "/services patch", "/services delete",
            "networking.k8s.io/ingresses list", "networking.k8s.io/ingresses delete",
            "monitoring.coreos.com/servicemonitors list", "monitoring.coreos.com/servicemonitors delete",
            "monitoring.coreos.com/podmonitors list", "monitoring.coreos.com/podmonitors delete"));

    @Test
    @DisplayName("gives a Role and RoleBinding in each listed namespace, with the least privilege the deployer needs")
    void namespaced() {
        Rendered rendered = SignoffChart.renderProduction();

        for (String namespace : List.of("shop", "shop-test")) {
            Role role = rendered.find(Role.class, namespace, "signoff").orElseThrow();
            assertThat(permissions(role.getRules())).as(namespace).isEqualTo(WORKLOAD_PERMISSIONS);
            RoleBinding binding = rendered.find(RoleBinding.class, namespace, "signoff").orElseThrow();
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getRoleRef().getName()).isEqualTo("signoff");
            assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
                assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                assertThat(subject.getName()).isEqualTo(rendered.one(ServiceAccount.class).getMetadata().getName());
                assertThat(subject.getNamespace()).isEqualTo(SignoffChart.NAMESPACE);
            });
        }
        assertThat(rendered.all(ClusterRole.class)).isEmpty();
        assertThat(rendered.all(ClusterRoleBinding.class)).isEmpty();
    }

    @Test
    @DisplayName("with no rbac.namespaces, gives a Role and RoleBinding in each namespace the default pipelines deploy to in this cluster")
    void defaultsFollowThePipelines() {
        Rendered rendered = SignoffChart.renderDefaults();

        assertThat(rendered.all(Role.class)).extracting(r -> r.getMetadata().getNamespace()).containsExactlyInAnyOrder("shop", "shop-test");
        assertThat(rendered.all(RoleBinding.class)).extracting(r -> r.getMetadata().getNamespace()).containsExactlyInAnyOrder("shop", "shop-test");
        for (String namespace : List.of("shop", "shop-test")) {
            assertThat(permissions(rendered.find(Role.class, namespace, "signoff").orElseThrow().getRules())).isEqualTo(WORKLOAD_PERMISSIONS);
            assertThat(rendered.find(RoleBinding.class, namespace, "signoff").orElseThrow().getSubjects()).singleElement()
                    .satisfies(s -> assertThat(s.getName()).isEqualTo(rendered.one(ServiceAccount.class).getMetadata().getName()));
        }
        assertThat(rendered.all(ClusterRole.class)).isEmpty();
    }

    @Test
    @DisplayName("with no rbac.namespaces, leaves out the namespaces of stages deployed through a kubeconfig context, and publish-only stages")
    void onlyInClusterStages(@TempDir Path dir) {
        String values = """
              pipelines: |
                people: { alice: { console: alice } }
                registries: { r: { host: registry.example.com } }
                clusters:
                  here: {}
                  also-here: { }
                  far: { context: far-cluster }
                apps:
                  web:
                    channel: { console: web }
                    stages:
                      - { name: dev, image: r/web:dev, deploy: { cluster: here, namespace: web-dev, workload: deployment/web }, approval: none }
                      - { name: release, image: r/web:release, approval: none }
                      - { name: prod, image: r/web:prod, deploy: { cluster: far, namespace: web, workload: deployment/web }, approval: none }
                  api:
                    channel: { console: api }
                    stages:
                      - { name: dev, image: r/api:dev, deploy: { cluster: also-here, namespace: web-dev, workload: deployment/api }, approval: none }
                      - { name: test, image: r/api:test, deploy: { cluster: here, namespace: api-test, workload: deployment/api }, approval: none }
                """;
        Path file = SignoffChart.write(dir.resolve("values.yaml"), values);
        Rendered rendered = SignoffChart.render(SignoffChart.template().withValuesFile(file));

        assertThat(rendered.all(Role.class)).extracting(r -> r.getMetadata().getNamespace()).containsExactly("api-test", "web-dev");
        assertThat(rendered.all(RoleBinding.class)).extracting(r -> r.getMetadata().getNamespace()).containsExactly("api-test", "web-dev");
    }

    @Test
    @DisplayName("an explicit rbac.namespaces wins over the namespaces of the pipelines")
    void explicitNamespacesWin() {
        Rendered rendered = SignoffChart.render(SignoffChart.template().set("rbac.namespaces[0]", "payments"));

        assertThat(rendered.all(Role.class)).extracting(r -> r.getMetadata().getNamespace()).containsExactly("payments");
        assertThat(rendered.all(RoleBinding.class)).extracting(r -> r.getMetadata().getNamespace()).containsExactly("payments");
    }

    @Test
    @DisplayName("with existingConfigMap and no rbac.namespaces, gives no Role: the chart cannot read that file")
    void existingConfigMapNeedsNamespaces() {
        Rendered rendered = SignoffChart.render(SignoffChart.template().set("existingConfigMap", "my-pipelines"));

        assertThat(rendered.all(Role.class)).isEmpty();
        assertThat(rendered.all(RoleBinding.class)).isEmpty();
    }

    @Test
    @DisplayName("grants no wildcard, no Secrets and nothing outside the listed resources")
    void noWildcards() {
        Rendered rendered = SignoffChart.renderProduction();
        List<PolicyRule> rules = rendered.all(Role.class).stream().flatMap(r -> r.getRules().stream()).toList();

        assertThat(rules).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
            assertThat(rule.getResources()).doesNotContain("*", "secrets", "roles", "rolebindings");
            assertThat(rule.getApiGroups()).doesNotContain("*");
        });
    }

    @Test
    @DisplayName("grants no Leases: singleton jobs are led through the database, not through the API server")
    void noLeases() {
        Rendered rendered = SignoffChart.renderProduction();
        assertThat(rendered.find(Role.class, SignoffChart.NAMESPACE, "signoff-leader-election")).isEmpty();
        assertThat(rendered.find(RoleBinding.class, SignoffChart.NAMESPACE, "signoff-leader-election")).isEmpty();
        assertThat(rendered.all(Role.class)).allSatisfy(r -> assertThat(permissions(r.getRules())).noneMatch(p -> p.contains("leases")));
    }

    @Test
    @DisplayName("with clusterWide: one ClusterRole and binding with the same rules, and no namespaced workload Roles")
    void clusterWide() {
        Rendered rendered = SignoffChart.render(SignoffChart.template().set("rbac.clusterWide", true));

        ClusterRole role = rendered.one(ClusterRole.class);
        assertThat(permissions(role.getRules())).isEqualTo(WORKLOAD_PERMISSIONS);
        ClusterRoleBinding binding = rendered.one(ClusterRoleBinding.class);
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement()
                .satisfies(s -> assertThat(s.getNamespace()).isEqualTo(SignoffChart.NAMESPACE));
        assertThat(rendered.all(Role.class)).isEmpty();
    }

    @Test
    @DisplayName("renders no RBAC at all with rbac.create false, and no ServiceAccount with serviceAccount.create false")
    void optOut() {
        Rendered rendered = SignoffChart.render(SignoffChart.template()
                .set("rbac.create", false).set("serviceAccount.create", false).set("serviceAccount.name", "platform-bots"));

        assertThat(rendered.all(Role.class)).isEmpty();
        assertThat(rendered.all(RoleBinding.class)).isEmpty();
        assertThat(rendered.all(ServiceAccount.class)).isEmpty();
        assertThat(rendered.deployment().getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("platform-bots");
    }

    /** "group/resource verb" for every combination a rule allows. */
    static Set<String> permissions(List<PolicyRule> rules) {
        Set<String> permissions = new TreeSet<>();
        for (PolicyRule rule : rules) {
            assertThat(rule.getResourceNames()).as("rules name no single objects").isNullOrEmpty();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        permissions.add(group + "/" + resource + " " + verb);
                    }
                }
            }
        }
        return permissions;
    }
}
