package dev.signoff.ci;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.signoff.ci.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("What the hooks refuse, and deliveries stored exactly once")
@ExtendWith(OutputCaptureExtension.class)
class HooksGuardTest extends HooksAppTestSupport {

    @ParameterizedTest(name = "{0} with {1}")
    @DisplayName("a missing or wrong signature or secret is answered 401, stores nothing and is counted")
    @CsvSource(delimiter = '|', textBlock = """
            github       | a signature made with another key      | github_workflow_run_completed.json | X-GitHub-Event=workflow_run;X-GitHub-Delivery=bad-1;X-Hub-Signature-256=sha256:0000
            github       | no signature                           | github_workflow_run_completed.json | X-GitHub-Event=workflow_run;X-GitHub-Delivery=bad-2
            gitlab       | a wrong token                          | gitlab_pipeline_hook_success.json  | X-Gitlab-Event=Pipeline Hook;X-Gitlab-Token=guess
            jenkins      | no token                               | jenkins_notification_completed.json |
            distribution | the secret without Bearer              | distribution_events.json           | Authorization=distribution-token
            harbor       | a wrong Authorization header           | harbor_push_artifact.json          | Authorization=Bearer harbor-auth-header
            quay?secret=nope | a wrong secret in the URL          | quay_repo_push.json                |
            dockerhub    | no secret in the URL                   | dockerhub_push.json                |
            """)
    void unauthorized(String path, String what, String fixture, String headers) {
        String source = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        double before = counted(source, "unauthorized");
        List<String> pairs = new ArrayList<>();
        if (headers != null) {
            for (String header : headers.split(";")) {
                String[] nameValue = header.split("=", 2);
                pairs.add(nameValue[0]);
                pairs.add(nameValue[1].replace("sha256:0000", Signatures.sign("another key".getBytes(StandardCharsets.UTF_8), bytes(fixture))));
            }
        }

        HttpResponse<String> response = post("/hooks/" + path, bytes(fixture), "application/json", pairs.toArray(String[]::new));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(json(response).get("error").asString()).isEqualTo("unauthorized");
        assertThat(jdbc.sql("select count(*) from hook_deliveries where source = :s and delivery_id like 'bad-%'").param("s", source)
                .query(Long.class).single()).isZero();
        assertThat(counted(source, "unauthorized")).isEqualTo(before + 1);
    }

    @Test
    @DisplayName("the signature covers the exact bytes: a truncated body fails it (401); a truncated body signed as sent is malformed (400)")
    void truncatedBody() {
        byte[] body = bytes("github_workflow_run_completed.json");
        byte[] truncated = Arrays.copyOf(body, body.length / 2);

        HttpResponse<String> cut = post("/hooks/github", truncated, "application/json", "X-GitHub-Event", "workflow_run",
                "X-GitHub-Delivery", "cut-1", "X-Hub-Signature-256", githubSignature(body));
        HttpResponse<String> signedCut = post("/hooks/github", truncated, "application/json", "X-GitHub-Event", "workflow_run",
                "X-GitHub-Delivery", "cut-2", "X-Hub-Signature-256", githubSignature(truncated));

        assertThat(cut.statusCode()).isEqualTo(401);
        assertThat(signedCut.statusCode()).isEqualTo(400);
        assertThat(json(signedCut).get("error").asString()).startsWith("the body is not valid JSON");
        assertThat(stored("github", "cut-1") + stored("github", "cut-2")).isZero();
    }

    @Test
    @DisplayName("a body the generic format does not allow is answered 400 with the reason")
    void malformedGeneric() {
        HttpResponse<String> response = generic("{\"app\":\"web\",\"image\":\"other/place:1\",\"status\":\"success\"}", "malformed-1");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asString())
                .isEqualTo("'image': other/place:1 is not in web's first stage repository sandbox/web (localhost:5000)");
        assertThat(stored("generic", "malformed-1")).isZero();
    }

    @Test
    @DisplayName("a body that is not JSON by its content type is answered 415")
    void wrongContentType() {
        byte[] body = "{\"app\":\"web\",\"status\":\"success\"}".getBytes(StandardCharsets.UTF_8);
        String signature = Signatures.sign(GENERIC_SECRET.getBytes(StandardCharsets.UTF_8), body);

        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", null}) {
            HttpResponse<String> response = post("/hooks/generic", body, type, "X-Signoff-Signature", signature);
            assertThat(response.statusCode()).as(String.valueOf(type)).isEqualTo(415);
            assertThat(json(response).get("error").asString()).startsWith("send the body as application/json");
        }
    }

    @Test
    @DisplayName("a body over 1 MiB is answered 413, whether it announces its length or streams without one")
    void tooLarge() {
        byte[] body = new byte[1024 * 1024 + 1];
        Arrays.fill(body, (byte) ' ');
        double before = counted("generic", "too_large");

        HttpResponse<String> announced = post("/hooks/generic", body, "application/json", "X-Signoff-Signature",
                Signatures.sign(GENERIC_SECRET.getBytes(StandardCharsets.UTF_8), body));
        HttpResponse<String> streamed = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/generic"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());

        assertThat(announced.statusCode()).isEqualTo(413);
        assertThat(streamed.statusCode()).isEqualTo(413);
        assertThat(json(announced).get("error").asString()).isEqualTo("the body is larger than 1048576 bytes (signoff.hooks.max-body)");
        assertThat(counted("generic", "too_large")).isEqualTo(before + 2);
    }

    @Test
    @DisplayName("an unknown source is answered 404")
    void unknownSource() {
        HttpResponse<String> response = post("/hooks/bitbucket", "{}".getBytes(StandardCharsets.UTF_8), "application/json");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asString()).startsWith("no notification source 'bitbucket'");
    }

    @Test
    @DisplayName("a replayed delivery is answered 200 as a duplicate and stored, posted and worked on once")
    void replay() {
        String body = "{\"app\":\"web\",\"commit\":\"70707070\",\"status\":\"failure\"}";

        HttpResponse<String> first = generic(body, "replay-70");
        HttpResponse<String> again = generic(body, "replay-70");
        HttpResponse<String> withoutId = generic("{\"app\":\"web\",\"commit\":\"71717171\",\"status\":\"failure\"}", null);
        HttpResponse<String> withoutIdAgain = generic("{\"app\":\"web\",\"commit\":\"71717171\",\"status\":\"failure\"}", null);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("outcome").asString()).isEqualTo("duplicate");
        assertThat(withoutId.statusCode()).isEqualTo(202);
        assertThat(withoutIdAgain.statusCode()).isEqualTo(200);
        assertThat(stored("generic", "replay-70")).isOne();
        await().atMost(Duration.ofSeconds(30)).until(() -> outcome("generic", "replay-70") != null
                && postsContaining("web", "commit 7171717").size() == 1);
        assertThat(postsContaining("web", "commit 7070707")).hasSize(1);
    }

    @Test
    @DisplayName("the same delivery sent by 16 senders at once is accepted once, stored once and posted once")
    void concurrentDuplicates() throws Exception {
        String body = "{\"app\":\"web\",\"commit\":\"80808080\",\"status\":\"failure\"}";
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try (ExecutorService senders = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 16; i++) {
                statuses.add(senders.submit(() -> {
                    start.await();
                    return generic(body, "concurrent-80").statusCode();
                }));
            }
            start.countDown();
            List<Integer> answered = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answered.add(status.get());
            }
            assertThat(answered).containsOnly(202, 200).filteredOn(s -> s == 202).hasSize(1);
        }
        assertThat(stored("generic", "concurrent-80")).isOne();
        await().atMost(Duration.ofSeconds(30)).until(() -> outcome("generic", "concurrent-80") != null);
        assertThat(postsContaining("web", "commit 8080808")).hasSize(1);
    }

    @Test
    @DisplayName("deliveries are counted in signoff_hooks_deliveries_total by source and outcome, and secrets never reach the log")
    void metricsAndLogs(CapturedOutput output) {
        post("/hooks/dockerhub?secret=not-the-dockerhub-url-secret", bytes("dockerhub_push.json"), "application/json");
        post("/hooks/harbor", bytes("harbor_push_artifact.json"), "application/json", "Authorization", "harbor-auth-header-typo");

        String prometheus = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build()).body();

        assertThat(prometheus).containsPattern("signoff_hooks_deliveries_total\\{outcome=\"unauthorized\",source=\"dockerhub\"} \\d");
        assertThat(output.getAll()).contains("refused a dockerhub notification from 127.0.0.1: missing or wrong signature or secret")
                .doesNotContain("not-the-dockerhub-url-secret").doesNotContain("harbor-auth-header")
                .doesNotContain(GITHUB_SECRET).doesNotContain(GENERIC_SECRET);
    }
}
