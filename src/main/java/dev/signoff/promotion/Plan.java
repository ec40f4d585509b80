package dev.signoff.promotion;

/**
 * What a promotion will change, worked out before anyone approves: the image running now, the
 * image it becomes, replicas and strategy (null for a stage that only publishes).
 */
public record Plan(String current, String next, Integer replicas, String strategy, String note) {
    public static Plan publishOnly(String currentTag, String next) {
        return new Plan(currentTag, next, null, null, "publish only, no deployment");
    }
}
