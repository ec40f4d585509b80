package dev.signoff.promotion;

/**
 * What a promotion will change, worked out before anyone approves: the image running now, the
 * image it becomes, replicas and strategy (null for a stage that only publishes).
 */
public record Plan(String current, String next, Integer replicas, String strategy, String note) {
    /** The same plan with {@code more} after its note ("signed (key …)"), for the card. */
    public Plan noting(String more) {
        return new Plan(current, next, replicas, strategy, note == null ? more : note + " · " + more);
    }

    public static Plan publishOnly(String currentTag, String next) {
        return new Plan(currentTag, next, null, null, "publish only, no deployment");
    }
}
