package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.spi.ImageRegistry;

@DisplayName("The registry adapter is the one ImageRegistry in the application")
class RegistryWiringTest {

    @Test
    @DisplayName("Spring builds exactly one ImageRegistry from the pipeline config and the parallel-blobs setting")
    void oneImageRegistryBean() {
        new ApplicationContextRunner()
                .withBean(PipelineConfig.class, () -> RegistryFixtures.pipelines(new RegistryConfig("sandbox", "localhost:5000", true, null)))
                .withUserConfiguration(RegistryClient.class)
                .withPropertyValues("signoff.registry.parallel-blobs=2")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(ImageRegistry.class);
                    assertThat(context.getBean(ImageRegistry.class)).isInstanceOf(RegistryClient.class);
                });
    }
}
