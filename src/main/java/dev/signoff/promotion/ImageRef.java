package dev.signoff.promotion;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An image as configured: {@code <registry>/<repository>:<tag>} where {@code registry} is the
 * name of an entry under {@code registries:}, or the same pinned to a digest ({@code @sha256:…}).
 */
public record ImageRef(String registry, String repository, String tag, Digest digest) {
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public ImageRef {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        if (!REPOSITORY.matcher(repository).matches()) {
            throw new IllegalArgumentException("'" + repository + "' is not a valid repository name (lowercase letters, digits, '.', '_', '-' and '/')");
        }
        if (tag != null && !isTag(tag)) {
            throw new IllegalArgumentException("'" + tag + "' is not a valid tag (letters, digits, '_', '.', '-', at most 128)");
        }
        if (tag == null && digest == null) {
            throw new IllegalArgumentException(registry + "/" + repository + " needs a tag or a digest");
        }
    }

    public static boolean isTag(String text) {
        return text != null && TAG.matcher(text).matches();
    }

    /** Parses {@code registry/repository:tag} or {@code registry/repository@sha256:…}. */
    public static ImageRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an image reference is required, like sandbox/shop:dev");
        }
        int slash = text.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("'" + text + "' must start with a registry name, like sandbox/shop:dev");
        }
        String registry = text.substring(0, slash);
        String rest = text.substring(slash + 1);
        int at = rest.indexOf('@');
        if (at >= 0) {
            return new ImageRef(registry, rest.substring(0, at), null, Digest.parse(rest.substring(at + 1)));
        }
        int colon = rest.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' needs a tag, like " + text + ":latest");
        }
        return new ImageRef(registry, rest.substring(0, colon), rest.substring(colon + 1), null);
    }

    public ImageRef withTag(String newTag) {
        return new ImageRef(registry, repository, newTag, null);
    }

    public ImageRef withDigest(Digest newDigest) {
        return new ImageRef(registry, repository, null, newDigest);
    }

    public boolean isPinned() {
        return digest != null;
    }

    public boolean sameRepository(ImageRef other) {
        return registry.equals(other.registry) && repository.equals(other.repository);
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (digest != null ? "@" + digest : ":" + tag);
    }
}
