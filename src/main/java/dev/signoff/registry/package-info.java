/** Moves images between registries byte for byte: implements the ImageRegistry port over the OCI distribution API. */
@org.springframework.modulith.ApplicationModule(displayName = "Registry", allowedDependencies = {"promotion", "promotion::spi"})
package dev.signoff.registry;
