package dev.signoff.console;

import dev.signoff.testing.CardSamples;

import dev.signoff.chat.Card;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's JSON for each card state, checked against stored files. Run with
 * {@code -Dgolden.update=true} to rewrite them after an intended change, then review the diff.
 */
@DisplayName("Console card JSON")
class ConsoleJsonGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/console");
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    static Stream<String> states() {
        return CardSamples.ALL.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    @DisplayName("matches the golden file")
    void golden(String state) throws IOException {
        Card card = CardSamples.ALL.get(state);
        String actual = JSON.writeValueAsString(ConsoleJson.card(card)) + "\n";
        Path file = GOLDEN.resolve(state + ".json");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(file).as("golden file (run with -Dgolden.update=true to create it)").exists();
        assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(actual).doesNotContain("token-");
    }
}
