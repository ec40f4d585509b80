package dev.signoff.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signoff.pipelines.PipelinesConfiguration;
import dev.signoff.promotion.PipelineConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The chart's example pipelines, loaded the way Signoff loads them at start-up. */
@DisplayName("The pipelines in the chart's values")
class PipelinesValuesTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("are a valid pipelines file for Signoff, in the default values and in the production values")
    void valid() {
        for (Path values : new Path[] {SignoffChart.CHART.resolve("values.yaml"), SignoffChart.PRODUCTION_VALUES}) {
            String pipelines = (String) SignoffChart.readYaml(values).get("pipelines");
            Path file = SignoffChart.write(dir.resolve("pipelines.yaml"), pipelines);

            new ApplicationContextRunner()
                    .withUserConfiguration(PipelinesConfiguration.class)
                    .withPropertyValues("signoff.pipelines=" + file)
                    .run(context -> {
                        assertThat(context).as(values.toString()).hasNotFailed();
                        assertThat(context.getBean(PipelineConfig.class)).isNotNull();
                    });
        }
    }
}
