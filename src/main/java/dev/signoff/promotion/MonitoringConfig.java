package dev.signoff.promotion;

import java.net.URI;

/**
 * A metrics server under {@code monitoring:}, by config name: its base URL and, optionally, where
 * its bearer token comes from ({@code env:VAR} or {@code file:/path}; never the token itself).
 */
public record MonitoringConfig(String name, URI url, String credentials) {
}
