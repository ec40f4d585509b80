package dev.signoff.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

@DisplayName("The rendered Deployment")
class DeploymentTemplateTest {
    @TempDir
    Path dir;

    /** Every variable the chart may read from a Secret, by the names the application expects. */
    private static final Set<String> SECRET_ENV = Set.of(
            "SIGNOFF_SLACK_BOT_TOKEN", "SIGNOFF_SLACK_SIGNING_SECRET", "SIGNOFF_SLACK_APP_TOKEN",
            "SIGNOFF_DISCORD_BOT_TOKEN", "SIGNOFF_API_TOKEN", "SIGNOFF_DB_PASSWORD",
            "SIGNOFF_HOOKS_GITHUB_SECRET", "SIGNOFF_HOOKS_GITLAB_SECRET", "SIGNOFF_HOOKS_JENKINS_SECRET",
            "SIGNOFF_HOOKS_GENERIC_SECRET", "SIGNOFF_HOOKS_DISTRIBUTION_SECRET", "SIGNOFF_HOOKS_HARBOR_SECRET",
            "SIGNOFF_HOOKS_QUAY_SECRET", "SIGNOFF_HOOKS_DOCKERHUB_SECRET");

    @Test
    @DisplayName("runs as a non-root user on a read-only root file system, without privileges or capabilities")
    void securityContext() {
        PodSpec pod = SignoffChart.renderProduction().deployment().getSpec().getTemplate().getSpec();
        PodSecurityContext podContext = pod.getSecurityContext();
        SecurityContext container = pod.getContainers().getFirst().getSecurityContext();

        assertThat(podContext.getRunAsNonRoot()).isTrue();
        assertThat(podContext.getRunAsUser()).isEqualTo(65532L);
        assertThat(podContext.getRunAsGroup()).isEqualTo(65532L);
        assertThat(podContext.getFsGroup()).isEqualTo(65532L);
        assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getRunAsNonRoot()).isTrue();
        assertThat(container.getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(container.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getPrivileged()).isNull();
    }

    @Test
    @DisplayName("is probed on Spring Boot's readiness and liveness health groups")
    void probes() {
        Container container = SignoffChart.renderDefaults().container();

        assertThat(path(container.getReadinessProbe())).isEqualTo("/actuator/health/readiness");
        assertThat(path(container.getLivenessProbe())).isEqualTo("/actuator/health/liveness");
        assertThat(path(container.getStartupProbe())).isEqualTo("/actuator/health/liveness");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(container.getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(8080));
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
    }

    @Test
    @DisplayName("with the defaults: one pod on the embedded H2 database, whose ./data is an emptyDir")
    void h2() {
        Rendered rendered = SignoffChart.renderDefaults();

        assertThat(rendered.deployment().getSpec().getReplicas()).isEqualTo(1);
        assertThat(mounts(rendered)).containsEntry("/app/data", "data").containsEntry("/tmp", "tmp");
        assertThat(volumes(rendered).get("data").getEmptyDir()).isNotNull();
        assertThat(rendered.env()).doesNotContainKeys("SPRING_PROFILES_ACTIVE", "SIGNOFF_DB_URL");
        assertThat(rendered.all(PodDisruptionBudget.class)).isEmpty();
    }

    @Test
    @DisplayName("with PostgreSQL: two pods, the postgres profile, no data volume, and a disruption budget of one")
    void postgres() {
        Rendered rendered = SignoffChart.renderProduction();
        Map<String, EnvVar> env = rendered.env();

        assertThat(rendered.deployment().getSpec().getReplicas()).isEqualTo(2);
        assertThat(env.get("SPRING_PROFILES_ACTIVE").getValue()).isEqualTo("postgres");
        assertThat(env.get("SIGNOFF_DB_URL").getValue()).isEqualTo("jdbc:postgresql://postgres.db.svc.cluster.local:5432/signoff");
        assertThat(env.get("SIGNOFF_DB_USER").getValue()).isEqualTo("signoff");
        assertThat(mounts(rendered)).doesNotContainKey("/app/data").containsKey("/tmp");
        assertThat(volumes(rendered)).doesNotContainKey("data");
        PodDisruptionBudget pdb = rendered.one(PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
                .isEqualTo(rendered.deployment().getSpec().getSelector().getMatchLabels());
    }

    @Test
    @DisplayName("reads every token and secret from the Secret it names, and renders none that are not set")
    void secretsByReference() {
        var command = SignoffChart.template().withValuesFile(SignoffChart.PRODUCTION_VALUES)
                .set("slack.appToken.secretName", "signoff-slack");
        for (String source : List.of("gitlab", "jenkins", "generic", "distribution", "quay", "dockerhub")) {
            command = command.set("hooks." + source + ".secret.secretName", "signoff-hooks");
        }
        Map<String, EnvVar> everything = SignoffChart.render(command).env();
        Map<String, EnvVar> none = SignoffChart.renderDefaults().env();

        assertThat(everything).containsKeys(SECRET_ENV.toArray(String[]::new));
        assertThat(everything.get("SIGNOFF_SLACK_BOT_TOKEN").getValueFrom().getSecretKeyRef())
                .satisfies(ref -> {
                    assertThat(ref.getName()).isEqualTo("signoff-slack");
                    assertThat(ref.getKey()).isEqualTo("bot-token");
                });
        assertThat(everything.get("SIGNOFF_HOOKS_HARBOR_SECRET").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("harbor");
        assertThat(everything.get("SIGNOFF_API_TOKEN").getValueFrom().getSecretKeyRef().getName()).isEqualTo("signoff-api");
        for (String name : SECRET_ENV) {
            assertThat(everything.get(name).getValue()).as(name + " must not carry a value inline").isNull();
            assertThat(everything.get(name).getValueFrom().getSecretKeyRef()).as(name).isNotNull();
        }
        assertThat(none.keySet()).doesNotContainAnyElementsOf(SECRET_ENV)
                .doesNotContain("SIGNOFF_DISCORD_PUBLIC_KEY", "SIGNOFF_DISCORD_APPLICATION_ID", "KUBECONFIG");
    }

    @Test
    @DisplayName("carries no secret value anywhere: no Secret objects, only references")
    void noSecretsInline() {
        Rendered rendered = SignoffChart.renderProduction();

        assertThat(rendered.names()).noneMatch(name -> name.startsWith("Secret "));
        assertThat(rendered.env().values())
                .filteredOn(env -> env.getName().matches(".*(TOKEN|SECRET|PASSWORD|AUTH).*"))
                .isNotEmpty()
                .allSatisfy(env -> {
                    assertThat(env.getValue()).as(env.getName()).isNull();
                    assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName()).isNotNull();
                });
        // The Discord public key is public by design; the application id too.
        assertThat(rendered.env().get("SIGNOFF_DISCORD_PUBLIC_KEY").getValue()).hasSize(64);
        assertThat(rendered.env().get("SIGNOFF_DISCORD_APPLICATION_ID").getValue()).isEqualTo("1098765432109876543");
    }

    @Test
    @DisplayName("mounts the pipelines read-only at /config/pipelines.yaml, exactly as given, and points Signoff at them")
    void pipelines() {
        Rendered rendered = SignoffChart.renderProduction();
        String given = (String) SignoffChart.readYaml(SignoffChart.PRODUCTION_VALUES).get("pipelines");

        ConfigMap configMap = rendered.one(ConfigMap.class);
        assertThat(configMap.getData()).containsOnlyKeys("pipelines.yaml");
        assertThat(configMap.getData().get("pipelines.yaml")).isEqualTo(given);
        assertThat(volumes(rendered).get("pipelines").getConfigMap().getName()).isEqualTo(configMap.getMetadata().getName());
        VolumeMount mount = rendered.container().getVolumeMounts().stream()
                .filter(m -> m.getName().equals("pipelines")).findFirst().orElseThrow();
        assertThat(mount.getMountPath()).isEqualTo("/config/pipelines.yaml");
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(rendered.env().get("SIGNOFF_PIPELINES").getValue()).isEqualTo("/config/pipelines.yaml");
    }

    @Test
    @DisplayName("keeps the pipelines text exactly, even with leading spaces, blank lines and no final newline")
    void pipelinesVerbatim() {
        String odd = "  # an indented first line\npeople: {}\n\n\napps: {}";

        ConfigMap configMap = SignoffChart.render(SignoffChart.template()
                .withValuesFile(values(Map.of("pipelines", odd)))).one(ConfigMap.class);

        assertThat(configMap.getData().get("pipelines.yaml")).isEqualTo(odd);
    }

    @Test
    @DisplayName("rolls the pods when the pipelines change, through a checksum annotation")
    void checksum() {
        String before = checksum(SignoffChart.renderDefaults());
        String same = checksum(SignoffChart.renderDefaults());
        String after = checksum(SignoffChart.render(SignoffChart.template()
                .withValuesFile(values(Map.of("pipelines", "people: {}\napps: {}\n")))));

        assertThat(before).hasSize(64).isEqualTo(same).isNotEqualTo(after);
        assertThat(SignoffChart.render(SignoffChart.template().set("podAnnotations.example\\.com/team", "release"))
                .deployment().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("example.com/team", "release").containsEntry("checksum/pipelines", before);
    }

    @Test
    @DisplayName("uses an existing ConfigMap instead when told to, and renders none of its own")
    void existingConfigMap() {
        Rendered rendered = SignoffChart.render(SignoffChart.template().set("existingConfigMap", "team-pipelines"));

        assertThat(rendered.all(ConfigMap.class)).isEmpty();
        assertThat(volumes(rendered).get("pipelines").getConfigMap().getName()).isEqualTo("team-pipelines");
        assertThat(rendered.deployment().getSpec().getTemplate().getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    @DisplayName("pins the image by digest when one is given, else by the tag or the chart's appVersion")
    void image() {
        assertThat(SignoffChart.renderProduction().container().getImage()).isEqualTo(
                "registry.example.com/platform/signoff@sha256:4f1c3a5b2e9d8c7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f");
        assertThat(SignoffChart.renderDefaults().container().getImage()).isEqualTo("signoff:0.1.0");
        assertThat(SignoffChart.render(SignoffChart.template().set("image.tag", "0.1.1")).container().getImage())
                .isEqualTo("signoff:0.1.1");
    }

    @Test
    @DisplayName("mounts a kubeconfig Secret for other clusters and points KUBECONFIG at it")
    void kubeconfig() {
        Rendered rendered = SignoffChart.renderProduction();

        assertThat(rendered.env().get("KUBECONFIG").getValue()).isEqualTo("/config/kube/config");
        assertThat(mounts(rendered)).containsEntry("/config/kube", "kubeconfig");
        assertThat(volumes(rendered).get("kubeconfig").getSecret().getSecretName()).isEqualTo("signoff-kubeconfig");
        assertThat(volumes(rendered).get("kubeconfig").getSecret().getItems().getFirst().getPath()).isEqualTo("config");
    }

    private Path values(Map<String, Object> values) {
        return SignoffChart.write(dir.resolve("values-" + values.hashCode() + ".yaml"), new Yaml().dump(values));
    }

    private static String path(Probe probe) {
        return probe.getHttpGet().getPath();
    }

    private static Map<String, String> mounts(Rendered rendered) {
        return rendered.container().getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getName));
    }

    private static Map<String, Volume> volumes(Rendered rendered) {
        return rendered.deployment().getSpec().getTemplate().getSpec().getVolumes().stream()
                .collect(Collectors.toMap(Volume::getName, v -> v));
    }

    private static String checksum(Rendered rendered) {
        return rendered.deployment().getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/pipelines");
    }
}
