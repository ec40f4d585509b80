package dev.signoff.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.registry.TestImages.Image;
import dev.signoff.registry.TestImages.Kind;

/**
 * Not a test: figures. Signoff's copy against {@code skopeo copy --all --preserve-digests} on local
 * registries with a ~200 MB two-platform image (5 layers, 3 shared), for (a) a retag in one
 * repository, (b) another repository of the same registry, (c) another registry (figures written to
 * target/bench-registry-cases.md; {@link PromotionBenchmark} is the promotion against skopeo). Requests and blob
 * bytes are counted from the registries' own access logs, the same way for both tools; every tool
 * and case gets fresh registries so that nothing is there before. Heap growth is the highest heap use
 * seen during Signoff's copy (sampled, and after each GC) above the heap after a full GC before it,
 * in a JVM limited to 128 MB: an upper bound, garbage included. Run with
 * {@code ./mvnw -B -P bench-registry test}.
 */
@Tag("benchmark")
@DisplayName("Registry copy benchmark against skopeo")
class RegistryBenchmark {
    private static final Path IMAGE_FOLDER = Path.of(System.getProperty("java.io.tmpdir"), "signoff-bench-image-v1");

    record Figures(String tool, String scenario, int requests, long uploaded, long downloaded, boolean eachBlobOnce, Duration wall,
                   boolean digestKept, long heapPeak, Duration cpu) {
    }

    private static final int REPETITIONS = Integer.getInteger("bench.repetitions", 3);

    @Test
    @DisplayName("copies a 200 MB image three ways, with Signoff and with skopeo")
    void benchmark() throws Exception {
        Image image = image();
        warmUp(image);
        List<Figures> rows = new ArrayList<>();
        for (int repetition = 0; repetition < REPETITIONS; repetition++) {
            List<String> tools = repetition % 2 == 0 ? List.of("skopeo", "signoff") : List.of("signoff", "skopeo");
            for (String tool : tools) {
                try (LocalRegistry source = LocalRegistry.start("source", null, null, true);
                     LocalRegistry target = LocalRegistry.start("target", null, null, true)) {
                    TestImages.push(image, source, "shop", "src");
                    RegistryClient client = new RegistryClient(RegistryFixtures.pipelines(
                            new RegistryConfig("source", source.host(), true, null),
                            new RegistryConfig("target", target.host(), true, null)), RegistrySettings.defaults());
                    rows.add(run(tool, "(a) retag in one repository", image, client, source, source, "source", "shop", "retagged"));
                    rows.add(run(tool, "(b) other repository, same registry", image, client, source, source, "source", "other", "v1"));
                    rows.add(run(tool, "(c) other registry", image, client, source, target, "target", "shop", "v1"));
                }
            }
        }
        print(image, rows, liveHeapGrowth(image));
    }

    /**
     * The memory a cross-registry copy really holds: one more copy, not timed, with a full GC every
     * 100 ms and the heap used after it, above the heap after a full GC before the copy.
     */
    private static long liveHeapGrowth(Image image) throws Exception {
        try (LocalRegistry source = LocalRegistry.start("source", null, null, true);
             LocalRegistry target = LocalRegistry.start("target", null, null, true)) {
            TestImages.push(image, source, "shop", "src");
            RegistryClient client = new RegistryClient(RegistryFixtures.pipelines(
                    new RegistryConfig("source", source.host(), true, null),
                    new RegistryConfig("target", target.host(), true, null)), RegistrySettings.defaults());
            try (HeapWatch watch = HeapWatch.live()) {
                client.copy(ImageRef.parse("source/shop@" + image.digest()), ImageRef.parse("target/shop:live"), detail -> { });
                watch.close();
                return watch.growth();
            }
        }
    }

    /**
     * Copies of each kind first (not counted), so that Signoff is measured the way it runs: a server
     * whose JIT has compiled the copy path, not a JVM that has just started.
     */
    private static void warmUp(Image image) throws Exception {
        try (LocalRegistry source = LocalRegistry.start("source", null, null, true);
             LocalRegistry target = LocalRegistry.start("target", null, null, true)) {
            TestImages.push(image, source, "warm", "src");
            RegistryClient client = new RegistryClient(RegistryFixtures.pipelines(
                    new RegistryConfig("source", source.host(), true, null),
                    new RegistryConfig("target", target.host(), true, null)), RegistrySettings.defaults());
            for (int i = 0; i < 2; i++) {
                client.copy(ImageRef.parse("source/warm@" + image.digest()), ImageRef.parse("source/warm:w" + i), detail -> { });
                client.copy(ImageRef.parse("source/warm@" + image.digest()), ImageRef.parse("source/warm" + i + ":w"), detail -> { });
                client.copy(ImageRef.parse("source/warm@" + image.digest()), ImageRef.parse("target/warm" + i + ":w"), detail -> { });
            }
        }
    }

    private Figures run(String tool, String scenario, Image image, RegistryClient client, LocalRegistry from, LocalRegistry to,
                        String targetName, String targetRepository, String tag) throws Exception {
        int fromBefore = from.accessLog().size();
        int toBefore = to.accessLog().size();
        HeapWatch watch = HeapWatch.start();
        long cpuNanos = 0;
        long start = System.nanoTime();
        if (tool.equals("signoff")) {
            client.copy(ImageRef.parse("source/shop@" + image.digest()), ImageRef.parse(targetName + "/" + targetRepository + ":" + tag), detail -> { });
        } else {
            String output = TestImages.run(List.of("bash", "-c", "TIMEFORMAT='cpu %3U %3S'; time skopeo copy --all --preserve-digests --insecure-policy"
                    + " --src-tls-verify=false --dest-tls-verify=false docker://" + from.host() + "/shop@" + image.digest()
                    + " docker://" + to.host() + "/" + targetRepository + ":" + tag));
            String[] cpu = output.substring(output.lastIndexOf("cpu ")).trim().split(" ");
            cpuNanos = (long) ((Double.parseDouble(cpu[1]) + Double.parseDouble(cpu[2])) * 1e9);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        watch.close();
        if (tool.equals("signoff")) {
            cpuNanos = watch.cpuNanos();
        }
        Thread.sleep(200);
        List<JsonNode> log = new ArrayList<>(parse(from.accessLog().subList(fromBefore, from.accessLog().size())));
        if (to != from) {
            log.addAll(parse(to.accessLog().subList(toBefore, to.accessLog().size())));
        }
        long uploaded = 0;
        long downloaded = 0;
        Map<String, Integer> uploads = new HashMap<>();
        Map<String, Integer> downloads = new HashMap<>();
        for (JsonNode line : log) {
            String method = line.path("http.request.method").asString();
            String uri = line.path("http.request.uri").asString();
            int status = line.path("http.response.status").asInt();
            if (method.equals("PUT") && uri.contains("/blobs/uploads/") && status == 201) {
                String digest = uri.substring(uri.indexOf("digest=") + 7).replace("%3A", ":").replace("%3a", ":");
                uploaded += image.blobs().getOrDefault(Digest.parse(digest), 0L);
                uploads.merge(digest, 1, Integer::sum);
            }
            if (method.equals("GET") && uri.contains("/blobs/sha256:") && status == 200) {
                downloaded += line.path("http.response.written").asLong();
                downloads.merge(uri.substring(uri.indexOf("/blobs/") + 7), 1, Integer::sum);
            }
        }
        boolean once = uploads.values().stream().allMatch(n -> n == 1) && downloads.values().stream().allMatch(n -> n == 1);
        boolean kept = image.digest().toString().equals(to.manifest(targetRepository, tag).headers().firstValue("Docker-Content-Digest").orElse(""))
                && java.util.Arrays.equals(image.top(), to.manifest(targetRepository, tag).body());
        boolean signoff = tool.equals("signoff");
        return new Figures(tool, scenario, log.size(), uploaded, downloaded, once, wall, kept,
                signoff ? watch.growth() : -1, Duration.ofNanos(cpuNanos));
    }

    private static List<JsonNode> parse(List<String> lines) {
        return lines.stream().map(line -> (JsonNode) JsonMapper.shared().readTree(line)).toList();
    }

    /** The ~200 MB image: layers of 70, 30 and 30 MB shared by both platforms, and one of 35 MB per platform. Built once. */
    private static Image image() throws Exception {
        Path marker = IMAGE_FOLDER.resolve("complete");
        if (Files.exists(marker)) {
            return TestImages.load(Kind.OCI_INDEX, IMAGE_FOLDER);
        }
        Image image = TestImages.build(Kind.OCI_INDEX, IMAGE_FOLDER, 2026, new long[] {70_000_000, 30_000_000, 30_000_000}, 35_000_000);
        Files.writeString(marker, image.digest().toString());
        return image;
    }

    private static void print(Image image, List<Figures> rows, long liveHeap) throws Exception {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nRegistry copy benchmark: %s image, %d unique blobs (%s), %d platforms, docker-registry 2.8 on 127.0.0.1, %d cores;"
                        + " median of %d runs, fresh registries for every run%n%n",
                image.kind(), image.blobs().size(), Progress.size(image.blobBytes()), image.children().size(), Runtime.getRuntime().availableProcessors(), REPETITIONS));
        out.append("| case | tool | HTTP requests | blob bytes uploaded | blob bytes downloaded | each blob once | wall time (median, all) | client CPU | digest kept | heap growth (peak) |\n");
        out.append("|---|---|---:|---:|---:|---|---:|---:|---|---:|\n");
        Map<String, Figures> medians = new java.util.LinkedHashMap<>();
        for (String tool : List.of("skopeo", "signoff")) {
            for (String scenario : rows.stream().map(Figures::scenario).distinct().toList()) {
                List<Figures> runs = rows.stream().filter(f -> f.tool().equals(tool) && f.scenario().equals(scenario))
                        .sorted(java.util.Comparator.comparing(Figures::wall)).toList();
                Figures f = runs.get(runs.size() / 2);
                medians.put(tool + scenario, f);
                String all = String.join(", ", runs.stream().map(r -> String.format(Locale.ROOT, "%.2f", r.wall().toMillis() / 1000.0)).toList());
                long peak = runs.stream().mapToLong(Figures::heapPeak).max().orElse(-1);
                out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %.2f s (%s) | %.2f s | %s | %s |%n", f.scenario(), f.tool(), f.requests(),
                        Progress.size(f.uploaded()), Progress.size(f.downloaded()), runs.stream().allMatch(Figures::eachBlobOnce) ? "yes" : "no",
                        f.wall().toMillis() / 1000.0, all, f.cpu().toMillis() / 1000.0, runs.stream().allMatch(Figures::digestKept) ? "yes" : "NO",
                        peak < 0 ? "(other process)" : Progress.size(peak)));
            }
        }
        out.append("\n| case | Signoff/skopeo requests | Signoff/skopeo wall time |\n|---|---:|---:|\n");
        for (String scenario : rows.stream().map(Figures::scenario).distinct().toList()) {
            Figures skopeo = medians.get("skopeo" + scenario);
            Figures signoff = medians.get("signoff" + scenario);
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n", scenario, (double) signoff.requests() / skopeo.requests(),
                    (double) signoff.wall().toNanos() / skopeo.wall().toNanos()));
        }
        out.append(String.format(Locale.ROOT, "%nHeap growth above is the highest heap use seen during the copy, garbage included (JVM capped at 128 MB)."
                + " Live heap growth during a cross-registry copy, with a full GC every 100 ms: %s.%n", Progress.size(Math.max(0, liveHeap))));
        System.out.println(out);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "bench-registry-cases.md"), out);
    }
}
