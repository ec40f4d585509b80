/**
 * The core: pipelines, stages, the promotion aggregate with its state machine, approval policy,
 * gates, freezes, locks, and the application service that chat adapters call.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Promotion core")
package dev.signoff.promotion;
