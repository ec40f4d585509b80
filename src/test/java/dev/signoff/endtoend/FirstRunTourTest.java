package dev.signoff.endtoend;

import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.StageDeployment;
import dev.signoff.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's tour on a fresh machine: the shipped config/pipelines.yaml and config/application.yaml
 * (sample builds on), nothing else installed, every file under a fresh data folder. The shipped
 * pipelines file is used as it is, with its {@code ./data/} moved into this test's folder (as the
 * H2 database is). The clock is the only thing moved by hand: past test's one-minute soak.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "signoff.samples=true")
@DirtiesContext
@DisplayName("The README's tour, on a fresh machine with the shipped config")
class FirstRunTourTest {
    private static final Path FOLDER = folder();
    private static final Path DATA = FOLDER.resolve("data");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;
    @Autowired
    Promotions promotions;
    @Autowired
    MutableClock clock;

    @TestConfiguration(proxyBeanMethods = false)
    static class MovableClock {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock(Instant.now());
        }
    }

    @DynamicPropertySource
    static void freshDataFolder(DynamicPropertyRegistry registry) throws IOException {
        String shipped = Files.readString(Path.of("config/pipelines.yaml"));
        assertThat(shipped).contains("layout: ./data/registries/sandbox", "layout: ./data/registries/enterprise");
        Path pipelines = Files.writeString(FOLDER.resolve("pipelines.yaml"), shipped.replace("./data/", DATA + "/"));
        registry.add("signoff.pipelines", pipelines::toString);
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + DATA.resolve("signoff")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
    }

    @AfterAll
    static void removeFolder() {
        try (Stream<Path> files = Files.walk(FOLDER)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    @Test
    @DisplayName("sample builds are posted and dev takes the newer; promote to test, carol approves, the copy is byte-exact, status shows it")
    void tour() {
        Console console = new Console(port);
        await().atMost(PATIENCE).until(() -> texts(console).stream().filter(t -> t.contains("sample build")).count() == 2);
        String newer = skopeoRaw("sandbox", "1.5.0");
        String newerDigest = sha256(newer);
        assertThat(sha256(skopeoRaw("sandbox", "1.4.2"))).as("two different sample images").isNotEqualTo(newerDigest);
        List<String> builds = texts(console).stream().filter(t -> t.contains("sample build")).toList();
        assertThat(builds.get(0)).startsWith("✓ shop: build passed · sandbox/shop:1.4.2").contains("→ promoting to dev");
        assertThat(builds.get(1)).startsWith("✓ shop: build passed · sandbox/shop:1.5.0").contains("→ promoting to dev");
        await().atMost(PATIENCE).until(() -> running("dev") != null && running("dev").digest().toString().equals(newerDigest));
        assertThat(skopeoRaw("sandbox", "dev")).isEqualTo(newer);

        clock.advance(Duration.ofMinutes(2));
        JsonNode said = console.say("alice", "shop", "/signoff promote shop to test");
        JsonNode card = await().atMost(PATIENCE).until(() -> console.card("shop", "Promote shop to test"), c -> c != null);
        assertThat(card.get("card").get("status").asString()).as("answer: %s", said).isEqualTo("Waiting for 1 more approval");

        console.click("carol", card.get("id").asString(), "approve");
        await().atMost(PATIENCE).until(() -> console.cardStatus("shop", "Promote shop to test"),
                s -> s.startsWith("Done") || s.startsWith("Failed") || s.startsWith("Rolled back"));
        assertThat(console.cardStatus("shop", "Promote shop to test")).startsWith("Done");
        JsonNode promotion = console.latestPromotion("shop", "test");
        assertThat(promotion.get("status").asString()).as("%s", promotion).isEqualTo("SUCCEEDED");
        assertThat(promotion.get("digest").asString()).isEqualTo(newerDigest);
        assertThat(skopeoRaw("enterprise", "test")).as("the manifest in the enterprise layout, as skopeo reads it").isEqualTo(newer);
        run("skopeo", "inspect", "oci:" + DATA.resolve("registries/enterprise/shop") + ":test");

        JsonNode status = console.say("alice", "shop", "/signoff status shop");
        assertThat(status.toString()).contains("test").contains(newerDigest.substring(7, 19));
    }

    private StageDeployment running(String stage) {
        return promotions.status("shop").stages().stream().filter(s -> s.stage().name().equals(stage)).findFirst().orElseThrow().current();
    }

    private static List<String> texts(Console console) {
        List<String> texts = new ArrayList<>();
        console.get("/console/api/messages?channel=shop").forEach(m -> texts.add(m.get("text").asString("")));
        return texts;
    }

    private static String skopeoRaw(String registry, String tag) {
        return run("skopeo", "inspect", "--raw", "oci:" + DATA.resolve("registries").resolve(registry).resolve("shop") + ":" + tag);
    }

    private static String sha256(String manifest) {
        return dev.signoff.promotion.Digest.sha256Of(manifest.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0).as("%s: %s", String.join(" ", command), output).isTrue();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path folder() {
        try {
            return Files.createTempDirectory("signoff-first-run-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
