package dev.signoff.endtoend;

import dev.signoff.gitops.FakeGitOpsController;
import dev.signoff.gitops.GitServer;
import dev.signoff.promotion.GitDeploy;
import dev.signoff.registry.TestImages;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A promotion into a GitOps stage from the console to Argo CD with nothing of Signoff faked: the
 * running application copies between two real registries, commits the digest with JGit to a real
 * git server (git http-backend), and follows an Argo CD Application on fabric8's mock API server,
 * which a test controller moves after reading the branch with {@code git}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:gitops-endtoend;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@DirtiesContext
@DisplayName("End to end, a GitOps stage: console → registry copy → commit → Argo CD")
class GitOpsThroughConsoleTest {
    private static final String TOKEN = "ghp_endToEndT0ken";
    private static final String PATH = "envs/prod/kustomization.yaml";
    private static final Path GIT_ROOT;
    private static final GitServer GIT;

    static {
        try {
            GIT_ROOT = Files.createTempDirectory("signoff-gitops-endtoend-");
            Files.writeString(GIT_ROOT.resolve("token"), TOKEN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GIT = new GitServer(GIT_ROOT, TOKEN);
    }

    private static final String PIPELINES = """
            people:
              alice: { console: alice }
              carol: { console: carol }
            registries:
              sandbox:    { host: "{sandbox}", insecure: true }
              enterprise: { host: "{enterprise}", insecure: true }
            clusters:
              mock: { context: {context} }
            git:
              deploy-repo:
                url: %s
                insecure: true
                branch: main
                credentials: file:%s
                author: { name: Signoff, email: signoff@example.com }
            apps:
              shop:
                channel: { console: shop }
                stages:
                  - name: dev
                    image: sandbox/shop:dev
                    approval: none
                  - name: prod
                    image: enterprise/shop:prod
                    approval: { required: 1, approvers: [carol] }
                    deploy:
                      git: { repo: deploy-repo, path: %s, image: shop }
                      argocd: { cluster: mock, namespace: argocd, application: shop-prod }
                      timeout: 1m
            """.formatted(GIT.url("deploy"), GIT_ROOT.resolve("token"), PATH);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    static final RealAdapters adapters = new RealAdapters(PIPELINES);
    private static FakeGitOpsController argo;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void pipelines(DynamicPropertyRegistry registry) {
        registry.add("signoff.pipelines", adapters::pipelines);
    }

    @BeforeAll
    static void repositoryAndArgo() {
        GIT.repository("deploy", Map.of(PATH, """
                # prod overlay
                resources: [ ../../base ]
                images:
                  - name: shop
                    newTag: 1.4.0   # from CI
                """));
        var applications = new ResourceDefinitionContext.Builder().withGroup("argoproj.io").withVersion("v1alpha1")
                .withKind("Application").withPlural("applications").withNamespaced(true).build();
        adapters.cluster.client().genericKubernetesResources(applications).inNamespace("argocd").resource(new GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1").withKind("Application")
                .withNewMetadata().withName("shop-prod").withNamespace("argocd").endMetadata()
                .addToAdditionalProperties("spec", Map.of("project", "default",
                        "source", Map.of("repoURL", GIT.url("deploy"), "path", "envs/prod", "targetRevision", "main")))
                .build()).create();
        argo = new FakeGitOpsController(adapters.cluster.client(), GIT, PATH,
                new GitDeploy.Controller(GitDeploy.Controller.Kind.ARGOCD, "mock", "argocd", "shop-prod"));
    }

    @AfterAll
    static void stop() {
        argo.close();
        GIT.close();
    }

    @Test
    @DisplayName("The plan names the file and digests; approval makes one commit with the trailers; the card follows Argo CD to Healthy; "
            + "status reads the digest and its commit from the file; "
            + "a Degraded rollout is rolled back by a second commit")
    void promoteThenRollBack() {
        Console console = new Console(port);
        TestImages.Image good = TestImages.small(TestImages.Kind.OCI_INDEX, adapters.folder("good"), 1301);
        TestImages.push(good, adapters.sandbox, "shop", "dev");
        String repository = adapters.enterprise.host() + "/shop";

        console.say("alice", "shop", "/signoff promote shop to prod");
        JsonNode card = await().atMost(PATIENCE).until(() -> console.card("shop", "Promote shop to prod"), c -> c != null);
        assertThat(field(card, "Plan")).as("%s", card).contains("shop:1.4.0 → ")
                .contains("the images[] entry named shop in " + PATH + " of deploy-repo (main), set by ");
        console.click("carol", card.get("id").asString(), "approve");
        await().atMost(PATIENCE).until(() -> console.cardStatus("shop", "Promote shop to prod"),
                s -> s.startsWith("Done") || s.startsWith("Failed") || s.startsWith("Rolled back"));
        JsonNode promotion = console.latestPromotion("shop", "prod");
        assertThat(promotion.get("status").asString()).as("%s", promotion).isEqualTo("SUCCEEDED");
        String id = promotion.get("id").asString();
        assertThat(GIT.inRepo("deploy", "rev-list", "--count", "main").strip()).isEqualTo("2");
        assertThat(GIT.inRepo("deploy", "log", "-1", "--format=%s%n%(trailers:only,unfold)", "main").strip()).isEqualTo("""
                Promote shop to prod: %s
                Signoff-Promotion: %s
                Requested-by: alice
                Approved-by: carol""".formatted(good.digest().shortForm(), id));
        assertThat(GIT.inRepo("deploy", "show", "main:" + PATH)).contains("newName: " + repository + "\n    digest: " + good.digest());
        assertThat(GIT.inRepo("deploy", "show", "--format=", "main", "--", PATH).lines()
                .filter(l -> l.matches("[+-]\\s.*")).count()).as("newTag out, newName and digest in").isEqualTo(3);
        assertThat(console.say("alice", "shop", "/signoff status shop").toString()).as("status reads the file")
                .contains("prod: " + good.digest().shortForm() + " in " + PATH + " (commit "
                        + GIT.inRepo("deploy", "rev-parse", "main").strip().substring(0, 12) + ") · promoted " + good.digest().shortForm());

        TestImages.Image bad = TestImages.small(TestImages.Kind.OCI_INDEX, adapters.folder("bad"), 1302);
        TestImages.push(bad, adapters.sandbox, "shop", "dev");
        argo.when(bad.digest().hex(), FakeGitOpsController.Outcome.DEGRADED);
        console.say("alice", "shop", "/signoff promote shop to prod");
        JsonNode second = await().atMost(PATIENCE).until(() -> console.card("shop", "Promote shop to prod"),
                c -> c != null && !c.get("id").asString().equals(card.get("id").asString()));
        console.click("carol", second.get("id").asString(), "approve");
        await().atMost(PATIENCE).until(() -> console.latestPromotion("shop", "prod").get("status").asString(),
                s -> s.equals("ROLLED_BACK") || s.equals("FAILED") || s.equals("SUCCEEDED"));
        JsonNode rolledBack = console.latestPromotion("shop", "prod");
        assertThat(rolledBack.get("status").asString()).as("%s", rolledBack).isEqualTo("ROLLED_BACK");
        assertThat(rolledBack.toString()).contains(FakeGitOpsController.DEGRADED_MESSAGE.replace("\"", "\\\""));
        assertThat(GIT.inRepo("deploy", "log", "-2", "--format=%s", "main").lines().toList()).containsExactly(
                "Roll back shop in prod: " + good.digest().shortForm(),
                "Promote shop to prod: " + bad.digest().shortForm());
        assertThat(GIT.inRepo("deploy", "show", "main:" + PATH)).contains("digest: " + good.digest()).doesNotContain(bad.digest().toString());
    }

    private static String field(JsonNode message, String label) {
        for (JsonNode f : message.get("card").get("fields")) {
            if (f.get("label").asString().equals(label)) {
                return f.get("value").asString();
            }
        }
        throw new AssertionError("no field " + label + " on " + message);
    }
}
