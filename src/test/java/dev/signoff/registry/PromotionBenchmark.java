package dev.signoff.registry;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import dev.signoff.endtoend.Console;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.spi.ImageRegistry;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.registry.BenchTable.Run;

/**
 * Not a test: figures. A fresh signed two-platform image (new random layers, nothing at the
 * destination; a cosign signature of the index and of each platform and an SBOM referrer on the
 * source) of ~100 MB and of ~400 MB, copied from one local docker-registry to another three ways
 * in the same run, in turn: {@code skopeo copy --all --preserve-digests} of the image and then of
 * each attachment tag; Signoff's copy call (the application's own {@link ImageRegistry} bean); and
 * what a user waits for: from the approve click (the console API of the running application, whose
 * runner, steps, recorder and cards all do their work) until the destination tag points at the
 * image, polled with a plain HTTP client. Run with {@code ./mvnw -B -P bench-registry test}.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:bench-registry;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@DirtiesContext
@DisplayName("Registry promotion benchmark against skopeo")
class PromotionBenchmark {
    static final String SKOPEO = "skopeo (image + attachments)";
    static final String COPY = "Signoff copy call";
    static final String PROMOTION = "Signoff approval → tag";
    private static final String PIPELINES = """
            people:
              alice: { console: alice }
              carol: { console: carol }
            registries:
              source: { host: "{source}", insecure: true }
              target: { host: "{target}", insecure: true }
            apps:
              bench:
                channel: { console: bench }
                stages:
                  - { name: dev, image: source/bench:dev, approval: none }
                  - { name: test, image: target/bench:test, approval: { required: 1, approvers: [carol] } }
            """;
    private static final String POLLER = "signoff-bench-poll";
    /** How often the destination tag is asked for: often enough to see it within 1 % of a copy, rarely enough to cost the registry nothing. */
    private static final Duration POLL = Duration.ofMillis(20);
    private static final int REPETITIONS = Integer.getInteger("bench.repetitions", 3);
    private static final long[] SIZES = {100_000_000, 400_000_000};

    static LocalRegistry source;
    static LocalRegistry target;
    static Path folder;

    @LocalServerPort
    int port;
    @Autowired
    ImageRegistry registry;

    private final HttpClient poller = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final KeyPair key = Cosign.keyPair("EC");
    private final SplittableRandom seeds = new SplittableRandom();
    private String lastCard = "";
    private int round;

    @DynamicPropertySource
    static void registries(DynamicPropertyRegistry properties) throws IOException {
        source = LocalRegistry.startWith("source", "");
        target = LocalRegistry.startWith("target", "");
        folder = Files.createTempDirectory("signoff-bench-");
        Path pipelines = Files.writeString(folder.resolve("pipelines.yaml"),
                PIPELINES.replace("{source}", source.host()).replace("{target}", target.host()));
        properties.add("signoff.pipelines", pipelines::toString);
    }

    @AfterAll
    static void stop() {
        target.close();
        source.close();
        folder.toFile().delete();
    }

    @Test
    @DisplayName("promotes fresh signed images of 100 and 400 MB, and copies them with skopeo")
    void benchmark() throws Exception {
        Console console = new Console(port);
        for (String tool : List.of(SKOPEO, COPY, PROMOTION)) {
            run(tool, 20_000_000, -1, console);
        }
        List<Run> runs = new ArrayList<>();
        for (long size : SIZES) {
            for (int repetition = 0; repetition < REPETITIONS; repetition++) {
                List<String> order = new ArrayList<>(List.of(SKOPEO, COPY, PROMOTION));
                java.util.Collections.rotate(order, repetition);
                for (String tool : order) {
                    runs.add(run(tool, size, repetition, console));
                }
            }
        }
        BenchTable.write(runs, REPETITIONS, liveHeap());
    }

    /** The heap a 400 MB copy call really holds, measured apart (full GCs slow it down). */
    private long liveHeap() {
        round++;
        SignedImages.Signed image = SignedImages.build(folder.resolve("image-" + round), seeds.nextLong(), SIZES[SIZES.length - 1]);
        SignedImages.push(image, key.getPrivate(), source, "bench", "r" + round);
        try (HeapWatch watch = HeapWatch.live()) {
            registry.copy(ImageRef.parse("source/bench@" + image.digest()), ImageRef.parse("target/live:v" + round), ProgressListener.NONE);
            watch.close();
            return watch.growth();
        }
    }

    private Run run(String tool, long size, int repetition, Console console) throws Exception {
        round++;
        SignedImages.Signed image = SignedImages.build(folder.resolve("image-" + round), seeds.nextLong(), size);
        String repository = switch (tool) {
            case SKOPEO -> "skopeo";
            case COPY -> "copied";
            default -> "bench";
        };
        String sourceTag = tool.equals(PROMOTION) ? "dev" : "r" + round;
        String targetTag = tool.equals(PROMOTION) ? "test" : "v" + round;
        SignedImages.push(image, key.getPrivate(), source, "bench", sourceTag);
        if (tool.equals(PROMOTION)) {
            awaitCard(console, image);
        }
        int sourceBefore = source.accessLog().size();
        int targetBefore = target.accessLog().size();
        Duration wall;
        long cpu;
        java.time.Instant clicked = null;
        long heap = -1;
        Duration beforeCopy = null;
        if (tool.equals(SKOPEO)) {
            long start = System.nanoTime();
            String output = TestImages.run(List.of("bash", "-c", skopeoScript(image, targetTag)));
            wall = Duration.ofNanos(System.nanoTime() - start);
            String[] times = output.substring(output.lastIndexOf("cpu ")).trim().split(" ");
            cpu = (long) ((Double.parseDouble(times[1]) + Double.parseDouble(times[2])) * 1e9);
        } else {
            try (HeapWatch watch = HeapWatch.start()) {
                long start = System.nanoTime();
                if (tool.equals(COPY)) {
                    registry.copy(ImageRef.parse("source/bench@" + image.digest()), ImageRef.parse("target/copied:" + targetTag), ProgressListener.NONE);
                } else {
                    clicked = java.time.Instant.now();
                    console.click("carol", lastCard, "approve");
                    awaitTag("bench", targetTag, image);
                }
                wall = Duration.ofNanos(System.nanoTime() - start);
                watch.close();
                heap = watch.growth();
                cpu = watch.cpuNanos();
            }
            if (tool.equals(PROMOTION)) {
                String status = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                        .until(() -> console.cardStatus("bench", "Promote bench to test"), s -> s.startsWith("Done") || s.startsWith("Failed"));
                if (!status.startsWith("Done")) {
                    throw new IllegalStateException("the promotion ended: " + status);
                }
                JsonNode promotion = console.get("/api/promotions/" + console.get("/api/promotions?app=bench&stage=test").get(0).get("id").asString());
                beforeCopy = Duration.between(clicked, java.time.Instant.parse(promotion.get("steps").get(0).get("startedAt").asString()));
            }
        }
        Thread.sleep(200);
        List<String> log = new ArrayList<>(source.accessLog().subList(sourceBefore, source.accessLog().size()));
        log.addAll(target.accessLog().subList(targetBefore, target.accessLog().size()));
        log.removeIf(line -> line.contains(POLLER));
        int notFound = (int) log.stream().filter(line -> line.contains("\"http.response.status\":404")).count();
        String arrived = arrived(image, repository, targetTag);
        return new Run(tool, size, repetition, image.image().blobBytes(), wall, beforeCopy, cpu, heap, log.size(), notFound, arrived);
    }

    /** Asks for the promotion and waits for its card, which waits for carol. */
    private void awaitCard(Console console, SignedImages.Signed image) {
        console.say("alice", "bench", "/signoff promote bench to test");
        JsonNode card = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> console.card("bench", "Promote bench to test"),
                        c -> c != null && !c.get("id").asString().equals(lastCard) && c.get("card").get("status").asString().startsWith("Waiting"));
        lastCard = card.get("id").asString();
    }

    /** Polls the destination's tag (HEAD, a plain client) until it names the image's digest. */
    private void awaitTag(String repository, String tag, SignedImages.Signed image) throws Exception {
        HttpRequest head = HttpRequest.newBuilder(URI.create("http://" + target.host() + "/v2/" + repository + "/manifests/" + tag))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", MediaTypes.ACCEPT).header("User-Agent", POLLER).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<Void> answer = poller.send(head, HttpResponse.BodyHandlers.discarding());
            if (answer.headers().firstValue("Docker-Content-Digest").orElse("").equals(image.digest().toString())) {
                return;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException("the tag " + tag + " never named " + image.digest());
    }

    /**
     * "yes" when the image and each attachment tag are at the destination byte for byte as at the
     * source; what differs otherwise.
     */
    private String arrived(SignedImages.Signed image, String repository, String tag) {
        if (!Arrays.equals(target.manifest(repository, tag).body(), image.image().top())) {
            return "NO: the image differs";
        }
        for (String signature : image.signatureTags()) {
            if (!Arrays.equals(target.manifest(repository, signature).body(), source.manifest("bench", signature).body())) {
                return "NO: " + signature + " differs";
            }
        }
        if (!Arrays.equals(target.manifest(repository, image.sbom().digest().toString()).body(), image.sbom().manifest())) {
            return "NO: the SBOM differs";
        }
        if (!Arrays.equals(target.manifest(repository, image.referrersTag()).body(), source.manifest("bench", image.referrersTag()).body())) {
            return target.manifest(repository, image.referrersTag()).statusCode() == 200 ? "yes, but the referrers index rewritten" : "NO: no referrers index";
        }
        return "yes";
    }

    /**
     * skopeo copies only the image: then each signature tag, and the referrers tag's index with the
     * SBOM it lists. skopeo 1.9 cannot write that index with --preserve-digests (it drops the
     * descriptors' artifactType, so it would have to change it), hence without: the SBOM arrives
     * byte for byte, the index rewritten.
     */
    private String skopeoScript(SignedImages.Signed image, String tag) {
        String copy = "skopeo copy --preserve-digests --insecure-policy --src-tls-verify=false --dest-tls-verify=false ";
        StringBuilder script = new StringBuilder("TIMEFORMAT='cpu %3U %3S'; time { set -e; ")
                .append(copy).append("--all docker://").append(source.host()).append("/bench@").append(image.digest())
                .append(" docker://").append(target.host()).append("/skopeo:").append(tag).append("; ");
        for (String signature : image.signatureTags()) {
            script.append(copy).append("docker://").append(source.host()).append("/bench:").append(signature)
                    .append(" docker://").append(target.host()).append("/skopeo:").append(signature).append("; ");
        }
        script.append(copy.replace("--preserve-digests ", "")).append("--all docker://").append(source.host()).append("/bench:").append(image.referrersTag())
                .append(" docker://").append(target.host()).append("/skopeo:").append(image.referrersTag()).append("; }");
        return script.toString();
    }
}
