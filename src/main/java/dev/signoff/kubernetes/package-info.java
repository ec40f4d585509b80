/** Deploys to Kubernetes: implements the Deployer and Decommissioner ports. */
@org.springframework.modulith.ApplicationModule(displayName = "Kubernetes", allowedDependencies = {"promotion", "promotion::spi"})
package dev.signoff.kubernetes;
