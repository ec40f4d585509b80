package dev.signoff.ci;

import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.Promotions;
import dev.signoff.registry.LocalRegistry;
import dev.signoff.registry.TestImages;
import dev.signoff.testing.FakeDeployer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end with a real registry: Debian's docker-registry (CNCF distribution) on 127.0.0.1,
 * configured to notify the running app; skopeo pushes an image; the real registry client
 * promotes it into dev (a retag in the same registry) and only the cluster is faked. The app
 * listens on a port chosen before start, because the registry's config must name it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:ci-e2e;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "signoff.hooks.distribution.secret=" + DistributionEndToEndTest.SECRET,
        "logging.level.dev.signoff.ci=DEBUG"})
@Import(DistributionEndToEndTest.FakeCluster.class)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@DisplayName("A real registry's notifications: a push by skopeo is posted and promoted into dev by the real registry client")
class DistributionEndToEndTest {
    static final String SECRET = "registry-to-signoff";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static LocalRegistry registry;
    static Path pipelines;
    static int port;

    @TestConfiguration(proxyBeanMethods = false)
    static class FakeCluster {
        @Bean
        @Primary
        FakeDeployer fakeDeployer() {
            return new FakeDeployer();
        }
    }

    @DynamicPropertySource
    static void registryAndPipelines(DynamicPropertyRegistry properties) throws IOException {
        port = LocalRegistry.freePort();
        registry = LocalRegistry.startWith("sandbox", """
                notifications:
                  endpoints:
                    - name: signoff
                      url: http://127.0.0.1:%d/hooks/distribution
                      headers:
                        Authorization: [Bearer %s]
                      timeout: 5s
                      threshold: 5
                      backoff: 1s
                      ignoredmediatypes:
                        - application/octet-stream
                """.formatted(port, SECRET));
        pipelines = Files.createTempFile("signoff-ci-e2e-", ".yaml");
        Files.writeString(pipelines, """
                people:
                  alice: { console: alice }
                registries:
                  sandbox: { host: "%s", insecure: true }
                clusters:
                  dev: {}
                apps:
                  shop:
                    channel: { console: shop }
                    stages:
                      - name: dev
                        image: sandbox/shop:dev
                        deploy: { cluster: dev, namespace: shop, workload: deployment/shop }
                        approval: none
                        gates: { ci: passed }
                """.formatted(registry.host()));
        properties.add("server.port", () -> port);
        properties.add("signoff.pipelines", pipelines::toString);
    }

    @AfterAll
    static void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
        Files.deleteIfExists(pipelines);
    }

    @Autowired
    FakeDeployer deployer;
    @Autowired
    Promotions promotions;

    @Test
    @DisplayName("skopeo pushes shop:sha-1a2b3c4 → status post, ci build recorded, dev tag on the pushed digest, deployed; Signoff's own push is ignored")
    void pushPostedAndPromoted(@TempDir Path dir, CapturedOutput output) throws Exception {
        TestImages.Image image = TestImages.small(TestImages.Kind.OCI_INDEX, dir.resolve("image"), 7);

        TestImages.push(image, registry, "shop", "sha-1a2b3c4");

        Duration wait = Duration.ofSeconds(60);
        await().atMost(wait).until(() -> cardStatus("Promote shop to dev").startsWith("Done"));
        assertThat(posts()).contains("✓ shop: image pushed · sandbox/shop:sha-1a2b3c4 (" + image.digest().shortForm() + ") · distribution\n"
                + "http://" + registry.host() + "/v2/shop/manifests/" + image.digest() + "\n→ promoting to dev");
        HttpResponse<byte[]> dev = registry.manifest("shop", "dev");
        assertThat(dev.statusCode()).isEqualTo(200);
        assertThat(dev.headers().firstValue("Docker-Content-Digest")).contains(image.digest().toString());
        assertThat(dev.body()).isEqualTo(image.top());
        assertThat(deployer.images).containsEntry("dev/shop/deployment/shop", "sandbox/shop@" + image.digest());

        await().atMost(wait).until(() -> output.getAll().contains("ignored a distribution notification: Signoff's own push of shop:dev"));
        List<PromotionRequest> intoDev = promotions.history("shop", "dev", 10);
        assertThat(intoDev).singleElement().satisfies(p -> {
            assertThat(p.requestedBy()).isEqualTo("ci");
            assertThat(p.digest()).isEqualTo(image.digest());
        });
    }

    private List<String> posts() throws Exception {
        List<String> texts = new ArrayList<>();
        for (JsonNode m : messages()) {
            if (m.get("card").isNull()) {
                texts.add(m.get("text").asString());
            }
        }
        return texts;
    }

    private String cardStatus(String title) throws Exception {
        String status = "";
        for (JsonNode m : messages()) {
            if (!m.get("card").isNull() && m.get("card").get("title").asString().equals(title)) {
                status = m.get("card").get("status").asString();
            }
        }
        return status;
    }

    private JsonNode messages() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console/api/messages?channel=shop"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
        }
    }
}
