package dev.signoff.ci;

import dev.signoff.promotion.ImageRef;

import java.time.Instant;

/**
 * A build of one app's image, as a CI run or a registry push reported it, after verification and
 * matching to the app. {@code image} is in the app's first stage repository, by tag, by digest or
 * both; it is null when it cannot be named, and {@code imageProblem} says why (the tag template
 * needs a value the sender did not give). {@code kind} says whether a CI run or a registry push
 * told us.
 */
public record BuildPublished(String source, String deliveryId, Kind kind, String app, ImageRef image, String imageProblem,
                             String commit, String branch, boolean success, String url, String message, Instant receivedAt) {

    public enum Kind {
        /** A CI run finished (github workflow_run, gitlab, jenkins, generic). */
        BUILD,
        /** A registry says a tag was pushed (distribution, harbor, quay, dockerhub, github registry_package). */
        PUSH
    }
}
