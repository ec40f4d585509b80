package dev.signoff.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The promotion benchmark's figures: every run, the median per measure and size, and Signoff's ratios to skopeo. */
final class BenchTable {
    /** One measured run; {@code heap} -1 for another process. */
    record Run(String tool, long size, int repetition, long blobBytes, Duration wall, Duration beforeCopy, long cpu, long heap, int requests, int notFound,
               String arrived) {
    }

    private BenchTable() {
    }

    static void write(List<Run> runs, int repetitions, long liveHeap) throws IOException {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%nRegistry promotion benchmark: fresh two-platform OCI index (7 blobs, 3 shared) with 3 cosign signatures and 1 SBOM referrer,"
                        + " docker-registry 2.8 → docker-registry 2.8 on 127.0.0.1, %d cores, median of %d runs (all runs in brackets)%n%n",
                Runtime.getRuntime().availableProcessors(), repetitions));
        out.append("| image | measure | wall time (median, all) | of it, until the copy step started | CPU | HTTP requests (of them 404) | heap growth (peak) | arrived byte-exact |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---|\n");
        List<Long> sizes = runs.stream().map(Run::size).distinct().toList();
        for (long size : sizes) {
            for (String tool : List.of(PromotionBenchmark.SKOPEO, PromotionBenchmark.COPY, PromotionBenchmark.PROMOTION)) {
                List<Run> these = of(runs, tool, size);
                Run median = these.get(these.size() / 2);
                long heap = these.stream().mapToLong(Run::heap).max().orElse(-1);
                out.append(String.format(Locale.ROOT, "| %s | %s | %.2f s (%s) | %s | %.2f s | %d (%d) | %s | %s |%n", Progress.size(median.blobBytes()), tool,
                        seconds(median.wall()), String.join(", ", these.stream().map(r -> String.format(Locale.ROOT, "%.2f", seconds(r.wall()))).toList()),
                        median.beforeCopy() == null ? "" : String.format(Locale.ROOT, "%.3f s", seconds(median.beforeCopy())),
                        median.cpu() / 1e9, median.requests(), median.notFound(), heap < 0 ? "(other process)" : Progress.size(heap),
                        String.join("; ", these.stream().map(Run::arrived).distinct().toList())));
            }
        }
        out.append("\n| image | copy call / skopeo | approval → tag / skopeo |\n|---|---:|---:|\n");
        for (long size : sizes) {
            double skopeo = median(runs, PromotionBenchmark.SKOPEO, size);
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n", Progress.size(size),
                    median(runs, PromotionBenchmark.COPY, size) / skopeo, median(runs, PromotionBenchmark.PROMOTION, size) / skopeo));
        }
        out.append("\nskopeo's time is its five runs one after another: `skopeo copy --all --preserve-digests` of the image, `skopeo copy --preserve-digests` of each of the three"
                + " `sha256-<hex>.sig` tags, and `skopeo copy --all` of the referrers tag `sha256-<hex>` (its index and the SBOM it lists; skopeo 1.9 cannot keep that index's digest, it drops the descriptors' artifactType). Signoff's copy call is"
                + " the application's own registry client, attachments included; approval → tag runs from the approve click on the console"
                + " API to the first HEAD of the destination tag that names the digest. CPU is skopeo's (user + system) or the whole"
                + " application's JVM; heap growth is the highest heap use seen above the heap after a full GC before the measure, garbage"
                + " included (JVM capped at -Xmx128m), so mostly the young generation's size.\n");
        out.append(String.format(Locale.ROOT, "%nLive heap growth during a %s copy call, with a full GC every 100 ms: %s.%n",
                Progress.size(runs.stream().mapToLong(Run::size).max().orElse(0)), Progress.size(Math.max(0, liveHeap))));
        System.out.println(out);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "bench-registry.md"), out);
    }

    private static List<Run> of(List<Run> runs, String tool, long size) {
        return runs.stream().filter(r -> r.tool().equals(tool) && r.size() == size).sorted(Comparator.comparing(Run::wall)).toList();
    }

    private static double median(List<Run> runs, String tool, long size) {
        List<Run> these = of(runs, tool, size);
        return these.get(these.size() / 2).wall().toNanos();
    }

    private static double seconds(Duration wall) {
        return wall.toNanos() / 1e9;
    }
}
