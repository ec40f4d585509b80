/** Judges rollouts by their metrics: implements the MetricsCheck port over Prometheus's HTTP API. */
@org.springframework.modulith.ApplicationModule(displayName = "Analysis", allowedDependencies = {"promotion", "promotion::spi"})
package dev.signoff.analysis;
