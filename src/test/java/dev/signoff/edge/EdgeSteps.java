package dev.signoff.edge;

import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.steps.StepKind;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The edge's step kinds over a config whose accounts point at a {@link CloudflareStub}: what core tests wire by hand. */
public final class EdgeSteps {
    private EdgeSteps() {
    }

    public static List<StepKind> list(PipelineConfig config) {
        Edge edge = new Edge(config, Map.of("CLOUDFLARE_API_TOKEN", CloudflareStub.TOKEN), Duration.ofMillis(10));
        return List.of(new ExposeStep(edge), new UnexposeStep(edge));
    }
}
