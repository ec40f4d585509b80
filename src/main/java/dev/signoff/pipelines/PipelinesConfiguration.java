package dev.signoff.pipelines;

import dev.signoff.promotion.PipelineConfig;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link PipelineConfig} bean, read from the file named by {@code signoff.pipelines}
 * (default {@code config/pipelines.yaml}, relative to the working directory). A bad file stops
 * start-up with a {@link PipelinesConfigException}.
 */
@Configuration(proxyBeanMethods = false)
public class PipelinesConfiguration {

    @Bean
    PipelineConfig pipelineConfig(@Value("${signoff.pipelines:config/pipelines.yaml}") String file) {
        return PipelinesFile.load(Path.of(file));
    }
}
