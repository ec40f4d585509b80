package dev.signoff.promotion.events;

/**
 * CI reported a build, or a registry a push, of one of an app's images; chat posts it in the app's
 * channels. Not about a promotion, so not a {@link PromotionEvent}. {@code kind} is {@code build}
 * (a CI run) or {@code push} (a registry notification); {@code image} and {@code digest} are null
 * when the image could not be found, {@code imageProblem} says why; {@code next} says what Signoff
 * does about it ("promoting to dev", "dev needs an approval…"), null when nothing follows.
 */
public record BuildReported(String app, String kind, String source, boolean success, String commit, String branch,
                            String image, String digest, String imageProblem, String url, String message, String next) {
}
