package dev.signoff.ci;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.Promotions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static dev.signoff.ci.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("Notifications into the running app: status posts, recorded builds, automatic promotion into the first stage")
class HooksFlowTest extends HooksAppTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    Promotions promotions;

    @Test
    @DisplayName("a GitHub workflow_run is answered 202, posted in the app's channel, recorded for the ci gate and promoted into dev as ci")
    void githubWorkflowRun() {
        Digest digest = Digest.sha256Of("github build 3484a3f");
        registry.push("sandbox/shop:sha-3484a3f", digest);
        byte[] body = bytes("github_workflow_run_completed.json");

        HttpResponse<String> response = post("/hooks/github", body, "application/json", "X-GitHub-Event", "workflow_run",
                "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958", "X-Hub-Signature-256", githubSignature(body));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json(response).get("outcome").asString()).isEqualTo("accepted");
        await().atMost(WAIT).until(() -> cardStatus("shop", "Promote shop to dev").startsWith("Done"));
        assertThat(postsContaining("shop", "commit 3484a3f")).containsExactly("""
                ✓ shop: build passed · commit 3484a3f on master · sandbox/shop:sha-3484a3f (%s) · github
                build(test): check workflow run event payload
                https://github.com/octo-org/octo-repo/actions/runs/289782451
                → promoting to dev""".formatted(digest.shortForm()));
        PromotionRequest promotion = promotions.history("shop", "dev", 10).stream().filter(p -> p.digest().equals(digest)).findFirst().orElseThrow();
        assertThat(promotion.requestedBy()).isEqualTo("ci");
        assertThat(promotion.commit()).isEqualTo("3484a3fb816e0859fd6e1cea078d76385ff50625");
        assertThat(deployer.images).containsEntry("dev/shop/deployment/shop", "sandbox/shop@" + digest);
        assertThat(stored("github", "72d3162e-cc78-11e3-81ab-4c9367dc0958")).isOne();
        await().atMost(WAIT).until(() -> outcome("github", "72d3162e-cc78-11e3-81ab-4c9367dc0958") != null);
        assertThat(outcome("github", "72d3162e-cc78-11e3-81ab-4c9367dc0958")).startsWith("promoting to dev (promotion " + promotion.id() + ")");
    }

    @Test
    @DisplayName("a GitLab pipeline for an app whose first stage needs approval is posted with the command to ask for it, not promoted")
    void gitlabNeedsApproval() {
        Digest digest = Digest.sha256Of("gitlab pipeline 31");
        registry.push("sandbox/cart:master-31", digest);

        HttpResponse<String> response = post("/hooks/gitlab", bytes("gitlab_pipeline_hook_success.json"), "application/json",
                "X-Gitlab-Event", "Pipeline Hook", "X-Gitlab-Token", "gitlab-token", "X-Gitlab-Event-UUID", "gl-31");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        await().atMost(WAIT).until(() -> !postsContaining("cart", "commit bcbb5ec").isEmpty());
        assertThat(postsContaining("cart", "commit bcbb5ec").getFirst())
                .startsWith("✓ cart: build passed · commit bcbb5ec on master · sandbox/cart:master-31 (" + digest.shortForm() + ") · gitlab")
                .contains("http://192.168.64.1:3005/gitlab-org/gitlab-test/-/pipelines/31")
                .endsWith("Not promoted: dev needs approval: /signoff promote cart master-31 to dev");
        assertThat(promotions.history("cart", "dev", 10)).isEmpty();
    }

    @Test
    @DisplayName("a Jenkins build with the token in the URL finds its image by the job's tag template and is promoted")
    void jenkins() {
        Digest digest = Digest.sha256Of("jenkins build 57");
        registry.push("sandbox/web:build-57", digest);

        HttpResponse<String> response = post("/hooks/jenkins?token=jenkins-token", bytes("jenkins_notification_completed.json"), "application/json");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json(response).get("deliveries").get(0).asString()).isEqualTo("web-build#57");
        await().atMost(WAIT).until(() -> deployer.images.containsValue("sandbox/web@" + digest));
        assertThat(postsContaining("web", "commit 9f2c41d")).singleElement().asString()
                .contains("sandbox/web:build-57").contains("https://jenkins.example.com/job/web-build/57/").endsWith("→ promoting to dev");
    }

    @Test
    @DisplayName("a failed build is posted and recorded as failed, and never promoted")
    void failedBuild() {
        Digest digest = Digest.sha256Of("web build 58, tests failed");
        registry.push("sandbox/web:build-58", digest);

        HttpResponse<String> response = generic("""
                {"app":"web","image":"build-58","commit":"58aa58aa58aa","branch":"main","status":"failure","url":"https://ci.example.com/58","message":"3 tests failed"}""", "web-58");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        await().atMost(WAIT).until(() -> outcome("generic", "web-58") != null);
        assertThat(postsContaining("web", "commit 58aa58a")).containsExactly("""
                ✗ web: build failed · commit 58aa58a on main · sandbox/web:build-58 (%s) · generic
                3 tests failed
                https://ci.example.com/58""".formatted(digest.shortForm()));
        assertThat(jdbc.sql("select success from builds where app = 'web' and digest = :d").param("d", digest.toString())
                .query(Boolean.class).single()).isFalse();
        assertThat(promotions.history("web", "dev", 20)).noneMatch(p -> p.digest().equals(digest));
        assertThat(outcome("generic", "web-58")).isEqualTo("recorded as failed, not promoted: the build failed");
    }

    @Test
    @DisplayName("a build whose image is not in the registry is posted with the registry's answer and not promoted")
    void imageNotFound() {
        HttpResponse<String> response = generic("""
                {"app":"web","commit":"404404404","status":"success","run":"404"}""", "web-404");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        await().atMost(WAIT).until(() -> outcome("generic", "web-404") != null);
        assertThat(postsContaining("web", "commit 4044044")).singleElement().asString()
                .endsWith("Not promoted: registry sandbox, repository web: tag build-404 not found");
        assertThat(outcome("generic", "web-404")).startsWith("recorded without an image");
    }

    @Test
    @DisplayName("registry pushes from Docker Hub, Harbor, Quay and GitHub's registry are matched by host and repository and promoted")
    void registryPushes() {
        Digest hub = Digest.sha256Of("docker hub latest");
        registry.push("hub/svendowideit/testhook:latest", hub);
        Digest quay = Digest.sha256Of("quay v1.4.2");
        registry.push("quay/acme/quayapp:v1.4.2", quay);
        byte[] ghcr = bytes("github_registry_package_published.json");

        assertThat(post("/hooks/dockerhub?secret=dockerhub-url-secret", bytes("dockerhub_push.json"), "application/json").statusCode()).isEqualTo(202);
        assertThat(post("/hooks/harbor", bytes("harbor_push_artifact.json"), "application/json", "Authorization", "harbor-auth-header").statusCode())
                .isEqualTo(202);
        assertThat(post("/hooks/quay?secret=quay-url-secret", bytes("quay_repo_push.json"), "application/json").statusCode()).isEqualTo(202);
        assertThat(post("/hooks/github", ghcr, "application/json", "X-GitHub-Event", "registry_package", "X-GitHub-Delivery", "pkg-1",
                "X-Hub-Signature-256", githubSignature(ghcr)).statusCode()).isEqualTo(202);

        await().atMost(WAIT).until(() -> registry.copies.containsAll(List.of(
                "hub/svendowideit/testhook@" + hub + " -> hub/svendowideit/testhook:dev",
                "harbor/test-webhook/debian@sha256:8a9e9863dbb6e10edb5adfe917c00da84e1700fa76e7ed02476aa6e6fb8ee0d8 -> harbor/test-webhook/debian:dev",
                "quay/acme/quayapp@" + quay + " -> quay/acme/quayapp:dev",
                "ghcr/octo-org/ghcrapp@sha256:7c3e1f0d9b8a7c6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e -> ghcr/octo-org/ghcrapp:dev")));
        assertThat(posts("debian")).anySatisfy(t -> assertThat(t)
                .startsWith("✓ debian: image pushed · harbor/test-webhook/debian:latest (sha256:8a9e9863dbb6) · harbor"));
    }

    @Test
    @DisplayName("a distribution envelope: the tagged push is promoted; blobs, pulls and Signoff's own push of the dev tag are not")
    void distribution() {
        byte[] body = bytes("distribution_events.json");

        HttpResponse<String> response = post("/hooks/distribution", body, "application/vnd.docker.distribution.events.v1+json",
                "Authorization", "Bearer distribution-token");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json(response).get("deliveries").toString()).isEqualTo("[\"0b1c9e4e-7d31-4f53-a1d2-3c3f0c6f7a02\"]");
        Digest digest = Digest.parse("sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9");
        await().atMost(WAIT).until(() -> deployer.images.containsValue("sandbox/shop@" + digest));
        assertThat(stored("distribution", "0b1c9e4e-7d31-4f53-a1d2-3c3f0c6f7a03")).isZero();
    }

    @Test
    @DisplayName("someone else's push of a stage's tag is recorded and posted, never promoted")
    void stageTagPush() {
        String event = """
                {"events":[{"id":"stage-tag-1","action":"push","target":{"mediaType":"application/vnd.oci.image.manifest.v1+json",
                "digest":"%s","repository":"shop","tag":"test"},"request":{"host":"localhost:5000","useragent":"docker/27.3.1"}}]}"""
                .formatted(Digest.sha256Of("pushed to test by hand"));

        HttpResponse<String> response = post("/hooks/distribution", event.getBytes(StandardCharsets.UTF_8), "application/json",
                "Authorization", "Bearer distribution-token");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        await().atMost(WAIT).until(() -> outcome("distribution", "stage-tag-1") != null);
        assertThat(postsContaining("shop", "sandbox/shop:test")).singleElement().asString()
                .endsWith("Not promoted: test is the tag of stage test, which promotions move; a push of it is not a new build");
        assertThat(promotions.history("shop", "dev", 20)).noneMatch(p -> p.digest().equals(Digest.sha256Of("pushed to test by hand")));
    }

    @Test
    @DisplayName("an automatic promotion the core refuses (the stage is locked) is posted with the reason; the sender still gets 202")
    void refusedPromotion() {
        Digest digest = Digest.sha256Of("web build 60 while locked");
        registry.push("sandbox/web:build-60", digest);
        promotions.lock("alice", "web", "dev", "incident 42");
        try {
            HttpResponse<String> response = generic("""
                    {"app":"web","image":"build-60","commit":"60606060","status":"success"}""", "web-60");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            await().atMost(WAIT).until(() -> outcome("generic", "web-60") != null);
            assertThat(posts("web")).contains("✗ web " + digest.shortForm() + " was not promoted to dev: web dev is locked by alice"
                    + " (incident 42). Unlock it with /signoff unlock web dev.");
            assertThat(outcome("generic", "web-60")).startsWith("not promoted: web dev is locked");
        } finally {
            promotions.unlock("alice", "web", "dev");
        }
    }

    @Test
    @DisplayName("a second report of an image dev already runs is posted but not promoted again")
    void noSecondPromotion() {
        Digest digest = Digest.sha256Of("web build 61");
        registry.push("sandbox/web:build-61", digest);
        generic("{\"app\":\"web\",\"image\":\"build-61\",\"commit\":\"61616161\",\"status\":\"success\"}", "web-61-ci");
        await().atMost(WAIT).until(() -> promotions.history("web", "dev", 20).stream()
                .anyMatch(p -> p.digest().equals(digest) && p.status() == PromotionStatus.SUCCEEDED));

        generic("{\"app\":\"web\",\"image\":\"" + digest + "\",\"commit\":\"61616161\",\"status\":\"success\"}", "web-61-registry");

        await().atMost(WAIT).until(() -> outcome("generic", "web-61-registry") != null);
        assertThat(outcome("generic", "web-61-registry")).isEqualTo("recorded, not promoted: dev already runs " + digest.shortForm());
        assertThat(promotions.history("web", "dev", 20)).filteredOn(p -> p.digest().equals(digest)).hasSize(1);
    }

    @Test
    @DisplayName("ping is answered 200; a repository no app is built from is answered 200, logged, counted and not stored")
    void pingAndUnknownApp() {
        byte[] ping = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> pong = post("/hooks/github", ping, "application/json", "X-GitHub-Event", "ping", "X-GitHub-Delivery", "ping-1",
                "X-Hub-Signature-256", githubSignature(ping));
        assertThat(pong.statusCode()).isEqualTo(200);
        assertThat(json(pong).get("detail").asString()).isEqualTo("pong");

        double before = counted("github", "unknown_app");
        byte[] other = new String(bytes("github_workflow_run_completed.json"), StandardCharsets.UTF_8)
                .replace("octo-org/octo-repo", "octo-org/elsewhere").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> unknown = post("/hooks/github", other, "application/json", "X-GitHub-Event", "workflow_run",
                "X-GitHub-Delivery", "unknown-1", "X-Hub-Signature-256", githubSignature(other));

        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(json(unknown).get("outcome").asString()).isEqualTo("unknown_app");
        assertThat(json(unknown).get("detail").asString()).isEqualTo("no app has source.repository 'octo-org/elsewhere'");
        assertThat(stored("github", "unknown-1")).isZero();
        assertThat(counted("github", "unknown_app")).isEqualTo(before + 1);
    }
}
