/**
 * Metrics about promotions, steps and approvals, under the {@code signoff_} prefix: from the core's
 * events, and the number waiting for approval from the core's read-side port.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Observability",
        allowedDependencies = {"promotion", "promotion::events", "promotion::spi"})
package dev.signoff.observability;
