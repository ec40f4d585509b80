package dev.signoff.ci;

import dev.signoff.ci.Notification.CiRun;
import dev.signoff.ci.Notification.RegistryPush;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.events.PullRequestClosed;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.signoff.ci.Fixtures.SECRET;
import static dev.signoff.ci.Fixtures.bytes;
import static dev.signoff.ci.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Each source reads its sender's real payloads")
class SourcesTest {

    @Nested
    @DisplayName("GitHub")
    class GitHub {
        private final GitHubSource github = new GitHubSource();
        private final byte[] body = bytes("github_workflow_run_completed.json");

        @Test
        @DisplayName("a completed, successful workflow_run is a passing CI run of its repository, with commit, branch, run number and link")
        void workflowRun() {
            Parsed parsed = github.parse(request("github", body, Map.of("X-GitHub-Event", "workflow_run", "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")));

            assertThat(parsed.notifications()).containsExactly(new CiRun("72d3162e-cc78-11e3-81ab-4c9367dc0958", null, "octo-org/octo-repo",
                    "3484a3fb816e0859fd6e1cea078d76385ff50625", "master", "163", true,
                    "https://github.com/octo-org/octo-repo/actions/runs/289782451", "build(test): check workflow run event payload", null));
        }

        @Test
        @DisplayName("X-Hub-Signature-256 is checked on the exact bytes: one byte less and it fails")
        void signature() {
            String signature = Signatures.sign(SECRET, body);
            assertThat(github.authentic(request("github", body, Map.of("X-Hub-Signature-256", signature)), SECRET)).isTrue();
            assertThat(github.authentic(request("github", java.util.Arrays.copyOf(body, body.length - 1),
                    Map.of("X-Hub-Signature-256", signature)), SECRET)).isFalse();
            assertThat(github.authentic(request("github", body, Map.of("X-Hub-Signature-256", "sha256=zz")), SECRET)).isFalse();
            assertThat(github.authentic(request("github", body, Map.of()), SECRET)).isFalse();
        }

        @Test
        @DisplayName("a published container package is a push to ghcr.io with its tag and digest")
        void registryPackage() {
            Parsed parsed = github.parse(request("github", bytes("github_registry_package_published.json"),
                    Map.of("X-GitHub-Event", "registry_package", "X-GitHub-Delivery", "d1")));

            assertThat(parsed.notifications()).containsExactly(new RegistryPush("d1", "ghcr.io", "octo-org/ghcrapp", "1.0.0",
                    Digest.parse("sha256:7c3e1f0d9b8a7c6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e"), null,
                    "https://github.com/orgs/octo-org/packages/container/ghcrapp/159234802"));
        }

        @Test
        @DisplayName("a pull_request closed is reported for GitOps waits, merged or not; other pull_request actions are ignored")
        void pullRequest() {
            String closed = """
                    {"action": "closed", "number": 12, "pull_request": {"number": 12, "state": "closed", "merged": %s,
                     "merge_commit_sha": "0123456789abcdef0123456789abcdef01234567"}, "repository": {"full_name": "acme/deploy"}}""";
            assertThat(github.parse(request("github", closed.formatted("true").getBytes(StandardCharsets.UTF_8),
                    Map.of("X-GitHub-Event", "pull_request"))).pullRequest()).isEqualTo(new PullRequestClosed("acme/deploy", 12, true));
            assertThat(github.parse(request("github", closed.formatted("false").getBytes(StandardCharsets.UTF_8),
                    Map.of("X-GitHub-Event", "pull_request"))).pullRequest()).isEqualTo(new PullRequestClosed("acme/deploy", 12, false));
            assertThat(github.parse(request("github", closed.formatted("false").replace("\"closed\", \"number\"", "\"opened\", \"number\"")
                    .getBytes(StandardCharsets.UTF_8), Map.of("X-GitHub-Event", "pull_request"))).ignoredBecause())
                    .isEqualTo("pull_request opened: only closed pull requests are reported");
            assertThatThrownBy(() -> github.parse(request("github", closed.formatted("true").replace("\"number\": 12, \"state\"", "\"state\"")
                    .getBytes(StandardCharsets.UTF_8), Map.of("X-GitHub-Event", "pull_request"))))
                    .isInstanceOf(MalformedHook.class).hasMessage("'number' is missing");
        }

        @Test
        @DisplayName("ping, runs that are not completed, and other events are ignored with the reason")
        void ignored() {
            assertThat(github.parse(request("github", "{\"zen\":\"Design for failure.\"}".getBytes(StandardCharsets.UTF_8),
                    Map.of("X-GitHub-Event", "ping"))).ignoredBecause()).isEqualTo("pong");
            String inProgress = new String(body, StandardCharsets.UTF_8).replace("\"action\": \"completed\"", "\"action\": \"in_progress\"");
            assertThat(github.parse(request("github", inProgress.getBytes(StandardCharsets.UTF_8), Map.of("X-GitHub-Event", "workflow_run")))
                    .ignoredBecause()).isEqualTo("workflow_run in_progress: only completed runs are reported");
            assertThat(github.parse(request("github", "{}".getBytes(StandardCharsets.UTF_8), Map.of("X-GitHub-Event", "issues")))
                    .ignoredBecause()).contains("'issues' is not one Signoff acts on");
        }
    }

    @Test
    @DisplayName("GitLab: a succeeded Pipeline Hook is a passing run of path_with_namespace, with the pipeline id as run and its link")
    void gitlab() {
        GitLabSource gitlab = new GitLabSource();
        HookRequest request = request("gitlab", bytes("gitlab_pipeline_hook_success.json"),
                Map.of("X-Gitlab-Event", "Pipeline Hook", "X-Gitlab-Token", "It's a Secret to Everybody", "X-Gitlab-Event-UUID", "u-1"));

        assertThat(gitlab.authentic(request, SECRET)).isTrue();
        assertThat(gitlab.authentic(request, "another".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(gitlab.parse(request).notifications()).containsExactly(new CiRun("u-1", null, "gitlab-org/gitlab-test",
                "bcbb5ec396a2c0f828686f14fac9b80b780504f2", "master", "31", true,
                "http://192.168.64.1:3005/gitlab-org/gitlab-test/-/pipelines/31", "test", null));
    }

    @Test
    @DisplayName("Jenkins: a completed SUCCESS build is a passing run of the job; its id is job#number, the same for COMPLETED and FINALIZED")
    void jenkins() {
        JenkinsSource jenkins = new JenkinsSource();
        byte[] body = bytes("jenkins_notification_completed.json");
        CiRun expected = new CiRun("web-build#57", null, "web-build", "9f2c41d0e5b7a6c3d8e1f0a2b4c6d8e0f1a3b5c7", "main", "57", true,
                "https://jenkins.example.com/job/web-build/57/", null, null);

        assertThat(jenkins.parse(request("jenkins", body, Map.of())).notifications()).containsExactly(expected);
        byte[] finalized = new String(body, StandardCharsets.UTF_8).replace("COMPLETED", "FINALIZED").getBytes(StandardCharsets.UTF_8);
        assertThat(jenkins.parse(request("jenkins", finalized, Map.of())).notifications()).containsExactly(expected);
        assertThat(jenkins.authentic(request("jenkins", body, Map.of(), Map.of("token", "It's a Secret to Everybody")), SECRET)).isTrue();
        assertThat(jenkins.authentic(request("jenkins", body, Map.of("X-Signoff-Token", "It's a Secret to Everybody")), SECRET)).isTrue();
        assertThat(jenkins.authentic(request("jenkins", body, Map.of(), Map.of("token", "guess")), SECRET)).isFalse();
    }

    @Test
    @DisplayName("Distribution: only manifests pushed by tag count; blobs, pulls and Signoff's own pushes do not")
    void distribution() {
        DistributionSource distribution = new DistributionSource();
        HookRequest request = request("distribution", bytes("distribution_events.json"), Map.of("Authorization", "Bearer It's a Secret to Everybody"));

        assertThat(distribution.authentic(request, SECRET)).isTrue();
        assertThat(distribution.authentic(request("distribution", request.body(), Map.of("Authorization", "It's a Secret to Everybody")), SECRET)).isFalse();
        assertThat(distribution.parse(request).notifications()).containsExactly(new RegistryPush("0b1c9e4e-7d31-4f53-a1d2-3c3f0c6f7a02",
                "localhost:5000", "shop", "sha-9f2c41d", Digest.parse("sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"),
                "containers/5.29.2 (github.com/containers/image)",
                "http://localhost:5000/v2/shop/manifests/sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"));
    }

    @Test
    @DisplayName("Harbor: PUSH_ARTIFACT is a push to the host of resource_url, with its digest; the Authorization header is the secret itself")
    void harbor() {
        HarborSource harbor = new HarborSource();
        HookRequest request = request("harbor", bytes("harbor_push_artifact.json"), Map.of("Authorization", "It's a Secret to Everybody"));

        assertThat(harbor.authentic(request, SECRET)).isTrue();
        assertThat(harbor.parse(request).notifications()).containsExactly(new RegistryPush(request.bodyDigest(), "hub.harbor.com",
                "test-webhook/debian", "latest", Digest.parse("sha256:8a9e9863dbb6e10edb5adfe917c00da84e1700fa76e7ed02476aa6e6fb8ee0d8"), null, null));
    }

    @Test
    @DisplayName("Docker Hub: a push of docker.io/<repo_name>:<tag>, no digest; the secret is in the URL")
    void dockerHub() {
        DockerHubSource hub = new DockerHubSource();
        HookRequest request = request("dockerhub", bytes("dockerhub_push.json"), Map.of(), Map.of("secret", "It's a Secret to Everybody"));

        assertThat(hub.authentic(request, SECRET)).isTrue();
        assertThat(hub.authentic(request("dockerhub", request.body(), Map.of()), SECRET)).isFalse();
        assertThat(hub.parse(request).notifications()).containsExactly(new RegistryPush(request.bodyDigest(), "docker.io",
                "svendowideit/testhook", "latest", null, null, "https://registry.hub.docker.com/u/svendowideit/testhook/"));
    }

    @Test
    @DisplayName("Quay: one push per updated tag on the docker_url host; the same body within ten minutes has the same id")
    void quay() {
        QuaySource quay = new QuaySource();
        byte[] body = bytes("quay_repo_push.json");
        HookRequest request = request("quay", body, Map.of(), Map.of("secret", "It's a Secret to Everybody"));
        HookRequest resent = new HookRequest("quay", body, Map.of(), Map.of(), "127.0.0.1", request.receivedAt().plusSeconds(60));
        HookRequest later = new HookRequest("quay", body, Map.of(), Map.of(), "127.0.0.1", request.receivedAt().plusSeconds(3600));

        assertThat(quay.authentic(request, SECRET)).isTrue();
        RegistryPush push = (RegistryPush) quay.parse(request).notifications().getFirst();
        assertThat(push.host()).isEqualTo("quay.io");
        assertThat(push.repository()).isEqualTo("acme/quayapp");
        assertThat(push.tag()).isEqualTo("v1.4.2");
        assertThat(quay.parse(resent).notifications().getFirst().deliveryId()).isEqualTo(push.deliveryId());
        assertThat(quay.parse(later).notifications().getFirst().deliveryId()).isNotEqualTo(push.deliveryId());
    }

    @Test
    @DisplayName("GitLab: a Merge Request Hook merged or closed is reported for GitOps waits; an update is ignored")
    void gitlabMergeRequest() {
        GitLabSource gitlab = new GitLabSource();
        String hook = """
                {"object_kind": "merge_request", "project": {"path_with_namespace": "acme/deploy"},
                 "object_attributes": {"iid": 7, "action": "%s", "state": "%s"}}""";
        Map<String, String> headers = Map.of("X-Gitlab-Event", "Merge Request Hook");

        assertThat(gitlab.parse(request("gitlab", hook.formatted("merge", "merged").getBytes(StandardCharsets.UTF_8), headers)).pullRequest())
                .isEqualTo(new PullRequestClosed("acme/deploy", 7, true));
        assertThat(gitlab.parse(request("gitlab", hook.formatted("close", "closed").getBytes(StandardCharsets.UTF_8), headers)).pullRequest())
                .isEqualTo(new PullRequestClosed("acme/deploy", 7, false));
        assertThat(gitlab.parse(request("gitlab", hook.formatted("update", "opened").getBytes(StandardCharsets.UTF_8), headers)).ignoredBecause())
                .isEqualTo("merge request update: only merged and closed merge requests are reported");
    }

    @Nested
    @DisplayName("Generic")
    class Generic {
        private final GenericSource generic = new GenericSource();

        @Test
        @DisplayName("Signoff's own format: app, image, commit, branch, status, url, message; X-Signoff-Delivery is the id")
        void reads() {
            byte[] body = """
                    {"app":"web","image":"build-57","commit":"9f2c41d","branch":"main","status":"failure","url":"https://ci/57","message":"tests failed\\nmore"}"""
                    .getBytes(StandardCharsets.UTF_8);
            HookRequest request = request("generic", body, Map.of("X-Signoff-Signature", Signatures.sign(SECRET, body), "X-Signoff-Delivery", "run-57"));

            assertThat(generic.authentic(request, SECRET)).isTrue();
            assertThat(generic.parse(request).notifications()).containsExactly(
                    new CiRun("run-57", "web", null, "9f2c41d", "main", null, false, "https://ci/57", "tests failed", "build-57"));
        }

        @Test
        @DisplayName("without X-Signoff-Delivery the id is the sha256 of the body")
        void bodyDigestAsId() {
            byte[] body = "{\"app\":\"web\",\"status\":\"success\"}".getBytes(StandardCharsets.UTF_8);

            assertThat(generic.parse(request("generic", body, Map.of())).notifications().getFirst().deliveryId())
                    .isEqualTo(Digest.sha256Of(body).toString());
        }

        @Test
        @DisplayName("a body that does not follow the format is malformed, with the reason")
        void malformed() {
            assertThatThrownBy(() -> generic.parse(request("generic", "{\"app\":\"web\",\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8), Map.of())))
                    .isInstanceOf(MalformedHook.class).hasMessage("'status' must be success or failure, not 'ok'");
            assertThatThrownBy(() -> generic.parse(request("generic", "{\"app\":\"web\",\"stauts\":\"success\"}".getBytes(StandardCharsets.UTF_8), Map.of())))
                    .isInstanceOf(MalformedHook.class).hasMessageStartingWith("'stauts' is not a field of the generic format");
            assertThatThrownBy(() -> generic.parse(request("generic", "{\"app\":\"web\",\"status\":\"succ".getBytes(StandardCharsets.UTF_8), Map.of())))
                    .isInstanceOf(MalformedHook.class).hasMessageStartingWith("the body is not valid JSON");
            assertThatThrownBy(() -> generic.parse(request("generic", "[]".getBytes(StandardCharsets.UTF_8), Map.of())))
                    .isInstanceOf(MalformedHook.class).hasMessage("the body must be a JSON object");
        }
    }
}
