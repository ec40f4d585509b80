package dev.signoff.console;

import dev.signoff.testing.CardSamples;
import dev.signoff.testing.GoldenFiles;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's JSON for each card state, checked against stored files ({@link GoldenFiles}). */
@DisplayName("Console card JSON")
class ConsoleJsonGoldenTest {
    private static final GoldenFiles GOLDEN = GoldenFiles.of("console");

    static Stream<String> states() {
        return CardSamples.ALL.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    @DisplayName("matches the golden file, and keeps the button tokens on the server")
    void golden(String state) {
        String actual = JsonMapper.shared().writeValueAsString(ConsoleJson.card(CardSamples.ALL.get(state)));
        GOLDEN.check(state, actual);
        assertThat(actual).doesNotContain("token-");
    }
}
