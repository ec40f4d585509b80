package dev.signoff.promotion;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An app: its channel on each chat platform, its stages in promotion order, and where its images
 * are built ({@code source}, null when CI notifications are not mapped to it by repository).
 */
public record AppConfig(String name, Map<String, String> channels, List<Stage> stages, BuildSource source) {
    public AppConfig {
        channels = Map.copyOf(channels);
        stages = List.copyOf(stages);
    }

    public Optional<BuildSource> buildSource() {
        return Optional.ofNullable(source);
    }

    /**
     * The stage whose image tag is {@code tag} (in any of the app's repositories), if any. Such a
     * tag is moved by promotions, so a push of it is never a new build to promote.
     */
    public Optional<Stage> stageWithTag(String tag) {
        return stages.stream().filter(s -> s.image().tag().equals(tag)).findFirst();
    }

    public Optional<Stage> stage(String stageName) {
        return stages.stream().filter(s -> s.name().equals(stageName)).findFirst();
    }

    /** The stage before the given one, empty for the first stage. */
    public Optional<Stage> previous(Stage stage) {
        int i = stages.indexOf(stage);
        return i > 0 ? Optional.of(stages.get(i - 1)) : Optional.empty();
    }

    public Optional<Stage> next(Stage stage) {
        int i = stages.indexOf(stage);
        return i >= 0 && i + 1 < stages.size() ? Optional.of(stages.get(i + 1)) : Optional.empty();
    }

    public Stage first() {
        return stages.getFirst();
    }

    public List<String> stageNames() {
        return stages.stream().map(Stage::name).toList();
    }
}
