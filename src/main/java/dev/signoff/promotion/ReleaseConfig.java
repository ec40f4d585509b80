package dev.signoff.promotion;

import java.util.List;
import java.util.Map;

/**
 * A release: a named group of apps promoted together with one card ({@code releases:} in
 * pipelines.yaml). {@code apps} are in the order they run; {@code channels} is where the card is
 * posted and the release's commands are typed, per platform.
 */
public record ReleaseConfig(String name, List<String> apps, Map<String, String> channels) {
    public ReleaseConfig {
        apps = List.copyOf(apps);
        channels = Map.copyOf(channels);
    }
}
