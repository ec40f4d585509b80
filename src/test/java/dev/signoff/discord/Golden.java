package dev.signoff.discord;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden JSON files under src/test/resources/golden/discord, keys sorted so JDA's map order does
 * not matter. {@code -Dgolden.update=true} rewrites them (review the diff); a missing file fails,
 * it is never created otherwise.
 */
final class Golden {
    static final Path DIR = Path.of("src/test/resources/golden/discord");
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private Golden() {
    }

    /** {@code json} pretty-printed with sorted keys. */
    static String canonical(String json) {
        return JSON.writeValueAsString(JSON.readValue(json, Object.class)) + "\n";
    }

    static void check(String name, String json) {
        String actual = canonical(json);
        Path file = DIR.resolve(name + ".json");
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(DIR);
                Files.writeString(file, actual, StandardCharsets.UTF_8);
            }
            assertThat(file).as("golden file " + file + " (run with -Dgolden.update=true to write it, then review it)").exists();
            assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
