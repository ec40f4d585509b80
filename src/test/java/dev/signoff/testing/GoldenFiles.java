package dev.signoff.testing;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored JSON a renderer must produce, one folder per platform under
 * {@code src/test/resources/golden}. Output and file are compared as JSON, so indentation and key
 * order do not matter. {@code -Dgolden.update=true} writes the files from the output first (then
 * review the diff); without it a missing file is a failure, never created.
 */
public final class GoldenFiles {
    private static final Path ROOT = Path.of("src/test/resources/golden");
    private static final JsonMapper IN_ORDER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final JsonMapper SORTED = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private final Path folder;
    private final JsonMapper writer;

    private GoldenFiles(Path folder, JsonMapper writer) {
        this.folder = folder;
        this.writer = writer;
    }

    /** The files in {@code golden/<platform>}, written with keys in the order the renderer gives them. */
    public static GoldenFiles of(String platform) {
        return new GoldenFiles(ROOT.resolve(platform), IN_ORDER);
    }

    /** The same, written with keys sorted: for output whose key order is not stable (JDA builds its JSON from hash maps). */
    public GoldenFiles sortingKeys() {
        return new GoldenFiles(folder, SORTED);
    }

    /** Checks {@code json} against {@code <name>.json}, after writing it there when asked to update. */
    public void check(String name, String json) {
        Path file = folder.resolve(name + ".json");
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(folder);
                Files.writeString(file, pretty(writer, json), StandardCharsets.UTF_8);
            }
            assertThat(file).as("golden file " + file + " (run with -Dgolden.update=true to write it, then review it)").exists();
            String stored = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(pretty(SORTED, json)).as("output against " + file).isEqualTo(pretty(SORTED, stored));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pretty(JsonMapper mapper, String json) {
        return mapper.writeValueAsString(mapper.readValue(json, Object.class)) + "\n";
    }
}
