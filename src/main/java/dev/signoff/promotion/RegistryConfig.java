package dev.signoff.promotion;

/**
 * A registry as named in the config. {@code insecure} allows plain HTTP. Credentials are never
 * inline: {@code credentials} names where they come from ({@code env:VAR} or {@code file:/path}),
 * or is null to use the docker config and credential helpers.
 */
public record RegistryConfig(String name, String host, boolean insecure, String credentials) {
}
