package dev.signoff.promotion;

import java.time.Instant;

/**
 * A build CI reported: the image it produced (by digest; null when the image could not be found,
 * as after a build that failed before pushing), the commit, and whether it passed.
 */
public record Build(String app, Digest digest, String image, String commit, String branch, boolean success,
                    String url, String source, Instant receivedAt) {
}
