package dev.signoff.promotion;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pull request (GitHub, "#12") or merge request (GitLab, "!12") a step opened, as it is written
 * into the step's words ("pull request #12: https://…"), so that the card can link to it. The one
 * place that writes and reads that form.
 */
public record PullRequestLink(String noun, String reference, String url) {
    private static final Pattern IN_TEXT = Pattern.compile("(pull request|merge request) ([#!]\\d+): (https?://[^\\s;,]+)");

    public PullRequestLink {
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            throw new IllegalArgumentException("a pull request's link is an http or https URL, not '" + url + "'");
        }
    }

    public static PullRequestLink github(long number, String url) {
        return new PullRequestLink("pull request", "#" + number, url);
    }

    public static PullRequestLink gitlab(long iid, String url) {
        return new PullRequestLink("merge request", "!" + iid, url);
    }

    /** "pull request #12". */
    public String mention() {
        return noun + " " + reference;
    }

    /** The first link written into {@code text}, if it has one. */
    public static Optional<PullRequestLink> in(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = IN_TEXT.matcher(text);
        return m.find() ? Optional.of(new PullRequestLink(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }

    /** "pull request #12: https://github.com/acme/deploy/pull/12", the form {@link #in} finds. */
    @Override
    public String toString() {
        return mention() + ": " + url;
    }
}
