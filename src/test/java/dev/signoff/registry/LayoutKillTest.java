package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.registry.TestImages.Image;
import dev.signoff.registry.TestImages.Kind;

/**
 * A second JVM ({@link LayoutWriterApp}) copies images into a layout and is killed (SIGKILL) at a
 * random moment while it writes. The layout must stay valid: every tag index.json names is
 * readable by skopeo, no blob it names is missing, and the next copy into it works and clears
 * what the killed writer left.
 */
@DisplayName("A layout written by a process killed mid-copy")
class LayoutKillTest {
    private static final int IMAGES = 4;

    @TempDir
    Path dir;
    private Process child;

    @AfterEach
    void stopChild() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly().waitFor();
        }
    }

    @RepeatedTest(2)
    @DisplayName("stays valid, and the next copy completes it")
    void killedWriter() throws Exception {
        Path source = dir.resolve("source");
        Path target = dir.resolve("target");
        for (int i = 0; i < IMAGES; i++) {
            Kind kind = i % 2 == 0 ? Kind.OCI_INDEX : Kind.OCI_MANIFEST;
            Image image = TestImages.build(kind, dir.resolve("images/" + i), 500 + i, new long[] {3_000_000}, 1_500_000);
            Layouts.write(image, source, "shop", "v" + i);
        }
        Path copied = dir.resolve("copied");
        Path log = dir.resolve("child.log");
        child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                LayoutWriterApp.class.getName(), source.toString(), target.toString(), copied.toString(), String.valueOf(IMAGES))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(copied) || !child.isAlive());
        assertThat(child.isAlive()).as("the writer is copying; see %s", log).isTrue();
        Thread.sleep(ThreadLocalRandom.current().nextLong(50, 400));
        child.destroyForcibly().waitFor();

        Path layout = target.resolve("shop");
        assertThat(Layouts.tags(layout)).as("tags the killed writer finished").isNotEmpty();
        Layouts.assertValid(layout);

        RegistryClient client = new RegistryClient(RegistryFixtures.pipelines(RegistryConfig.layout("source", source.toString()),
                RegistryConfig.layout("target", target.toString())), RegistryFixtures.fast(Map.of(), new RegistryFixtures.Recorder()));
        for (int i = 0; i < IMAGES; i++) {
            ImageRef from = ImageRef.parse("source/shop:v" + i);
            client.copy(from.withDigest(client.resolve(from)), ImageRef.parse("target/shop:after-v" + i), detail -> { });
        }
        Layouts.assertValid(layout);
        assertThat(Layouts.tags(layout)).contains("after-v0", "after-v1", "after-v2", "after-v3");
        try (Stream<Path> files = Files.list(layout)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".signoff-")).toList())
                    .as("temporary files the killed writer left").isEmpty();
        }
    }
}
