package dev.signoff.promotion;

import java.util.List;

/** An app at a glance: per stage, what runs there, any lock or freeze, and the cards waiting. */
public record AppStatus(AppConfig app, List<StageStatus> stages) {
    public record StageStatus(Stage stage, StageDeployment current, StageLock lock, FreezeWindow freeze,
                              List<PromotionRequest> pending) {
    }
}
