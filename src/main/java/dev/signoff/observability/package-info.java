/** Metrics about promotions, steps and approvals, from the core's events, under the {@code signoff_} prefix. */
@org.springframework.modulith.ApplicationModule(displayName = "Observability", allowedDependencies = {"promotion", "promotion::events"})
package dev.signoff.observability;
