/** Deploys to Kubernetes: implements the Deployer and Decommissioner ports, and the sunset's "stop monitoring" step kind. */
@org.springframework.modulith.ApplicationModule(displayName = "Kubernetes", allowedDependencies = {"promotion", "promotion::spi", "promotion::steps"})
package dev.signoff.kubernetes;
