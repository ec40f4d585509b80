package dev.signoff.helm;

import static dev.signoff.helm.RbacTemplateTest.WORKLOAD_PERMISSIONS;
import static dev.signoff.helm.RbacTemplateTest.permissions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The rendered RBAC for GitOps stages, and the chart and the docs granting the same")
class GitOpsRbacTest {
    /** What the sync step calls: get the controller's object and patch its refresh annotation. */
    static final Set<String> GITOPS_PERMISSIONS = new TreeSet<>(List.of(
            "argoproj.io/applications get", "argoproj.io/applications patch",
            "kustomize.toolkit.fluxcd.io/kustomizations get", "kustomize.toolkit.fluxcd.io/kustomizations patch",
            "source.toolkit.fluxcd.io/gitrepositories get", "source.toolkit.fluxcd.io/gitrepositories patch"));

    private static final String PIPELINES = """
            pipelines: |
              people: { alice: { console: alice } }
              registries: { r: { host: registry.example.com } }
              clusters:
                here: {}
                far: { context: far-cluster }
              git:
                deploy: { url: https://git.example.com/acme/deploy.git, branch: main, credentials: env:GIT_TOKEN }
              apps:
                web:
                  channel: { console: web }
                  stages:
                    - { name: dev, image: r/web:dev, deploy: { cluster: here, namespace: web-dev, workload: deployment/web }, approval: none }
                    - name: prod
                      image: r/web:prod
                      approval: none
                      deploy:
                        git: { repo: deploy, path: envs/prod/kustomization.yaml }
                        argocd: { cluster: here, namespace: argocd, application: web-prod }
                    - name: eu
                      image: r/web:eu
                      approval: none
                      deploy:
                        git: { repo: deploy, path: envs/eu/kustomization.yaml }
                        flux: { cluster: far, namespace: flux-system, kustomization: web-eu }
            """;

    private static Rendered render(Path dir, String extra) {
        return SignoffChart.render(SignoffChart.template().withValuesFile(SignoffChart.write(dir.resolve("values.yaml"), PIPELINES + extra)));
    }

    @Test
    @DisplayName("off by default: no Role for Argo CD's namespace even when a stage waits for Argo CD")
    void offByDefault(@TempDir Path dir) {
        Rendered rendered = render(dir, "");

        assertThat(rendered.all(Role.class)).extracting(r -> r.getMetadata().getName()).containsOnly("signoff");
        assertThat(rendered.all(Role.class)).allSatisfy(r -> assertThat(permissions(r.getRules())).isEqualTo(WORKLOAD_PERMISSIONS));
    }

    @Test
    @DisplayName("with rbac.gitops: a Role and binding in the namespace of each controller in this cluster, none for a cluster with a context")
    void fromThePipelines(@TempDir Path dir) {
        Rendered rendered = render(dir, "rbac:\n  gitops: true\n");

        Role role = rendered.find(Role.class, "argocd", "signoff-gitops").orElseThrow();
        assertThat(permissions(role.getRules())).isEqualTo(GITOPS_PERMISSIONS);
        RoleBinding binding = rendered.find(RoleBinding.class, "argocd", "signoff-gitops").orElseThrow();
        assertThat(binding.getRoleRef().getName()).isEqualTo("signoff-gitops");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo(rendered.one(ServiceAccount.class).getMetadata().getName());
            assertThat(s.getNamespace()).isEqualTo(SignoffChart.NAMESPACE);
        });
        assertThat(rendered.all(Role.class)).extracting(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
                .containsExactlyInAnyOrder("web-dev/signoff", "argocd/signoff-gitops");
    }

    @Test
    @DisplayName("rbac.gitopsNamespaces wins over the pipelines; without rbac.gitops it stops the rendering")
    void explicitNamespaces(@TempDir Path dir) {
        Rendered rendered = render(dir, "rbac:\n  gitops: true\n  gitopsNamespaces: [flux-system]\n");
        assertThat(rendered.all(Role.class)).extracting(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
                .containsExactlyInAnyOrder("web-dev/signoff", "flux-system/signoff-gitops");

        assertThatThrownBy(() -> render(dir, "rbac:\n  gitopsNamespaces: [flux-system]\n"))
                .hasMessageContaining("rbac.gitopsNamespaces: set rbac.gitops: true too, or leave the list out");
    }

    @Test
    @DisplayName("with clusterWide and gitops: one ClusterRole with both sets of rules, no namespaced Roles")
    void clusterWide(@TempDir Path dir) {
        Rendered rendered = render(dir, "rbac:\n  clusterWide: true\n  gitops: true\n");

        Set<String> both = new TreeSet<>(WORKLOAD_PERMISSIONS);
        both.addAll(GITOPS_PERMISSIONS);
        assertThat(permissions(rendered.one(ClusterRole.class).getRules())).isEqualTo(both);
        assertThat(rendered.all(Role.class)).isEmpty();
    }

    @Test
    @DisplayName("docs/kubernetes.md and docs/gitops.md show the Roles the chart renders")
    void docsAgree(@TempDir Path dir) throws IOException {
        Rendered rendered = render(dir, "rbac:\n  gitops: true\n");

        assertThat(permissions(documentedRole("docs/kubernetes.md").getRules()))
                .isEqualTo(permissions(rendered.find(Role.class, "web-dev", "signoff").orElseThrow().getRules()));
        assertThat(permissions(documentedRole("docs/gitops.md").getRules()))
                .isEqualTo(permissions(rendered.find(Role.class, "argocd", "signoff-gitops").orElseThrow().getRules()));
    }

    /** The Role of the first yaml block under the page's "## Permissions (RBAC)". */
    private static Role documentedRole(String page) throws IOException {
        String text = Files.readString(Path.of(page));
        int section = text.indexOf("## Permissions (RBAC)");
        assertThat(section).as(page + " has a Permissions (RBAC) section").isNotNegative();
        int start = text.indexOf("```yaml\n", section) + "```yaml\n".length();
        String block = text.substring(start, text.indexOf("```", start));
        return Serialization.unmarshal(block.split("\n---\n")[0], Role.class);
    }
}
