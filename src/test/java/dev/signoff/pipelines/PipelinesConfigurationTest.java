package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signoff.promotion.PipelineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

@DisplayName("The PipelineConfig bean")
class PipelinesConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PipelinesConfiguration.class);

    @Test
    @DisplayName("is read from the file named by signoff.pipelines, and a bad file fails start-up with a readable analysis")
    void loadsOrExplains(@TempDir Path dir) throws IOException {
        Path good = Files.writeString(dir.resolve("good.yaml"), """
                registries: { sandbox: { host: localhost:5000 } }
                apps: { shop: { stages: [ { name: dev, image: sandbox/shop:dev, approval: none } ] } }
                """);
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "apps: {}\n");

        runner.withPropertyValues("signoff.pipelines=" + good).run(context ->
                assertThat(context.getBean(PipelineConfig.class).app("shop")).isPresent());
        runner.withPropertyValues("signoff.pipelines=" + bad).run(context -> {
            assertThat(context).hasFailed();
            // Other analyzers want the context's bean factory; only ours is looked at here.
            FailureAnalysis analysis = SpringFactoriesLoader.forDefaultResourceLocation()
                    .load(FailureAnalyzer.class, FailureHandler.handleMessage((message, failure) -> { })).stream()
                    .filter(PipelinesConfigFailureAnalyzer.class::isInstance)
                    .findFirst().orElseThrow()
                    .analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains(bad + ": apps (line 1): needs at least one app");
            assertThat(analysis.getAction()).isEqualTo("Fix the file and start again.");
        });
    }
}
