package dev.signoff.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.spi.StepFailure;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Editing the image in a YAML file in place")
class FileEditTest {
    static final Digest DIGEST = Digest.sha256Of("new");
    static final String REPO = "registry.example.com/enterprise/shop";

    private static FileEdit kustomize(String image) {
        return new FileEdit(new GitDeploy.KustomizeImage(image), REPO, DIGEST);
    }

    @Test
    @DisplayName("A kustomization's entry gets newName and digest after its last key and loses newTag; nothing else moves")
    void kustomization() {
        String before = """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                # the production overlay
                resources:
                  - ../../base
                images:
                    -   name: other   # not ours
                        newTag: "2.0"
                    -   name: shop    # ours
                        newTag: v1.4  # set by CI
                        # keep this comment
                    -   name: last
                        newName: x/last
                """;
        String after = kustomize("shop").apply(before);
        assertThat(after).isEqualTo("""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                # the production overlay
                resources:
                  - ../../base
                images:
                    -   name: other   # not ours
                        newTag: "2.0"
                    -   name: shop    # ours
                        newName: %s
                        digest: %s
                        # keep this comment
                    -   name: last
                        newName: x/last
                """.formatted(REPO, DIGEST));
        assertThat(kustomize("shop").current(after)).isEqualTo(REPO + "@" + DIGEST);
        assertThat(kustomize("shop").apply(after)).isEqualTo(after);
    }

    @Test
    @DisplayName("Existing values keep their quotes; a flow entry is edited inside its braces")
    void quotesAndFlow() {
        String before = "images:\n- {name: shop, newTag: v1}\n- name: web\n  newName: 'old/web'\n  digest: \"sha256:00\"\n";
        assertThat(kustomize("shop").apply(before))
                .isEqualTo("images:\n- {name: shop, newName: \"" + REPO + "\", digest: \"" + DIGEST + "\"}\n- name: web\n  newName: 'old/web'\n  digest: \"sha256:00\"\n");
        assertThat(kustomize("web").apply(before))
                .isEqualTo("images:\n- {name: shop, newTag: v1}\n- name: web\n  newName: '" + REPO + "'\n  digest: \"" + DIGEST + "\"\n");
    }

    @Test
    @DisplayName("A missing entry names the entries there are")
    void missingEntry() {
        assertThatThrownBy(() -> kustomize("shop").apply("images:\n- name: web\n- name: api\n"))
                .isInstanceOf(StepFailure.class).hasMessage("the kustomization has no images[] entry named shop; its entries are web, api");
    }

    @Test
    @DisplayName("A Helm values key is set where it is, an empty one gets its value after the colon; CRLF stays CRLF")
    void helm() {
        FileEdit edit = new FileEdit(new GitDeploy.HelmValue("image.digest", "image.repository"), REPO, DIGEST);
        String before = "replicaCount: 2\r\nimage:\r\n  repository: old/shop # where\r\n  tag: \"1.4\"\r\n  digest:\r\nservice: {port: 80}\r\n";
        assertThat(edit.apply(before)).isEqualTo("replicaCount: 2\r\nimage:\r\n  repository: " + REPO + " # where\r\n  tag: \"1.4\"\r\n  digest: "
                + DIGEST + "\r\nservice: {port: 80}\r\n");
        FileEdit digestOnly = new FileEdit(new GitDeploy.HelmValue("image.digest", null), REPO, DIGEST);
        assertThat(digestOnly.apply("image:\n  repository: old/shop\n")).isEqualTo("image:\n  repository: old/shop\n  digest: " + DIGEST + "\n");
        assertThatThrownBy(() -> digestOnly.apply("images: {}\n")).hasMessage("the values file has no mapping image (for image.digest)");
    }

    @Test
    @DisplayName("A manifest's container is found by name, in the workload named when several have it")
    void manifest() {
        String before = """
                # two workloads
                apiVersion: apps/v1
                kind: Deployment
                metadata: { name: shop }
                spec:
                  template:
                    spec:
                      containers:
                      - name: sidecar
                        image: envoy:1
                      - image:   old/shop:1.4    # the app
                        name: shop
                ---
                apiVersion: batch/v1
                kind: CronJob
                metadata:
                  name: shop-report
                spec:
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          containers: [ { name: shop, image: old/shop:1.4 } ]
                """;
        assertThatThrownBy(() -> new FileEdit(new GitDeploy.ManifestContainer("shop", null), REPO, DIGEST).apply(before))
                .hasMessage("the file has a container named shop in deployment/shop and cronjob/shop-report; say which with workload: kind/name");
        String after = new FileEdit(new GitDeploy.ManifestContainer("shop", "deployment/shop"), REPO, DIGEST).apply(before);
        assertThat(after).isEqualTo(before.replace("- image:   old/shop:1.4", "- image:   " + REPO + "@" + DIGEST));
        String job = new FileEdit(new GitDeploy.ManifestContainer("shop", "CronJob/shop-report"), REPO, DIGEST).apply(before);
        assertThat(job).isEqualTo(before.replace("{ name: shop, image: old/shop:1.4 }", "{ name: shop, image: " + REPO + "@" + DIGEST + " }"));
    }
}
