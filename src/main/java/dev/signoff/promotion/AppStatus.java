package dev.signoff.promotion;

import java.util.List;

/**
 * An app at a glance: per stage, what runs there, for a GitOps stage what its file in the
 * repository names ({@code file}; null for other stages), any lock or freeze, the cards waiting
 * ({@code pending}, oldest first) and the promotions under way ({@code underway}: approved and
 * queued, or running).
 */
public record AppStatus(AppConfig app, List<StageStatus> stages) {
    public record StageStatus(Stage stage, StageDeployment current, RepositoryFile file, StageLock lock, FreezeWindow freeze,
                              List<PromotionRequest> pending, List<PromotionRequest> underway) {
    }

    /**
     * What a GitOps stage's file names at the head of its branch: {@code image} as the file has it
     * ("registry.example.com/shop@sha256:…", "shop:1.4.0", or null when it names none) and the
     * commit that last changed the file; or, when the repository could not be read, {@code problem}.
     */
    public record RepositoryFile(String path, String image, String commit, String problem) {
        public static RepositoryFile unreadable(String path, String problem) {
            return new RepositoryFile(path, null, null, problem);
        }
    }
}
