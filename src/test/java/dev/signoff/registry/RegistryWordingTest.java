package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Challenges are parsed and progress is told in words")
class RegistryWordingTest {

    @Test
    @DisplayName("a bearer challenge keeps quoted commas in its scope")
    void parsesBearerChallenge() {
        Challenge challenge = Challenge.parse("Bearer realm=\"https://auth.example.test/token\",service=\"registry.example.test\",scope=\"repository:shop:pull,push\"").orElseThrow();
        assertThat(challenge.isBearer()).isTrue();
        assertThat(challenge.param("realm")).isEqualTo("https://auth.example.test/token");
        assertThat(challenge.param("service")).isEqualTo("registry.example.test");
        assertThat(challenge.param("scope")).isEqualTo("repository:shop:pull,push");
    }

    @Test
    @DisplayName("a basic challenge and a missing header are told apart")
    void parsesBasicChallenge() {
        assertThat(Challenge.parse("Basic realm=\"Registry Realm\"").orElseThrow().isBasic()).isTrue();
        assertThat(Challenge.parse(null)).isEmpty();
    }

    @Test
    @DisplayName("sizes read the way people say them")
    void sizes() {
        assertThat(Progress.size(950)).isEqualTo("950 B");
        assertThat(Progress.size(8_200)).isEqualTo("8.2 kB");
        assertThat(Progress.size(12_500)).isEqualTo("13 kB");
        assertThat(Progress.size(182_000_000)).isEqualTo("182 MB");
        assertThat(Progress.size(1_200_000_000)).isEqualTo("1.2 GB");
    }

    @Test
    @DisplayName("progress says bytes of total and blobs of total")
    void progressWords() {
        List<String> told = new ArrayList<>();
        Progress progress = new Progress(told::add, 200_000_000, 5, 0);
        progress.add(120_000_000);
        progress.blobDone();
        progress.blobDone();
        progress.blobDone();
        assertThat(told).last().isEqualTo("120 MB of 200 MB (3 of 5 blobs)");
    }
}
