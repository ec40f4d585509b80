package dev.signoff.promotion;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An app: its channel on each chat platform and its stages, in promotion order. */
public record AppConfig(String name, Map<String, String> channels, List<Stage> stages) {
    public AppConfig {
        channels = Map.copyOf(channels);
        stages = List.copyOf(stages);
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
