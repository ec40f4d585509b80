package dev.signoff.promotion;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An app: its channel on each chat platform, its stages in promotion order, where its images
 * are built ({@code source}, null when CI notifications are not mapped to it by repository), and
 * where its commits are shown ({@code commitUrl}, null when cards show the commit without a link).
 */
public record AppConfig(String name, Map<String, String> channels, List<Stage> stages, BuildSource source, CommitUrl commitUrl) {
    public AppConfig {
        channels = Map.copyOf(channels);
        stages = List.copyOf(stages);
    }

    public Optional<BuildSource> buildSource() {
        return Optional.ofNullable(source);
    }

    /** The page of {@code commit} in the app's forge; empty without a commit URL template or without a commit. */
    public Optional<String> commitLink(String commit) {
        return commitUrl == null || commit == null || commit.isBlank() ? Optional.empty() : Optional.of(commitUrl.forCommit(commit));
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
