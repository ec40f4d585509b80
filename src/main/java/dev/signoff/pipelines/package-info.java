/** Reads and validates {@code config/pipelines.yaml} into the core's {@link dev.signoff.promotion.PipelineConfig}. */
@org.springframework.modulith.ApplicationModule(displayName = "Pipelines config", allowedDependencies = "promotion")
package dev.signoff.pipelines;
