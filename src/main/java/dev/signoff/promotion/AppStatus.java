package dev.signoff.promotion;

import java.util.List;

/**
 * An app at a glance: per stage, what runs there, any lock or freeze, the cards waiting
 * ({@code pending}, oldest first) and the promotions under way ({@code underway}: approved and
 * queued, or running).
 */
public record AppStatus(AppConfig app, List<StageStatus> stages) {
    public record StageStatus(Stage stage, StageDeployment current, StageLock lock, FreezeWindow freeze,
                              List<PromotionRequest> pending, List<PromotionRequest> underway) {
    }
}
