package dev.signoff.promotion;

/**
 * A registry as named in the config: a server, or an OCI image layout directory on disk.
 * <p>
 * A server has a {@code host}; {@code insecure} allows plain HTTP. Credentials are never inline:
 * {@code credentials} names where they come from ({@code env:VAR} or {@code file:/path}), or is
 * null to use the docker config and credential helpers.
 * <p>
 * A layout registry has a {@code layout} directory instead (relative paths are relative to the
 * working directory), holding one OCI image layout per repository; it has no host, no
 * credentials and nothing to pull from, so no cluster can run its images.
 * <p>
 * {@code copyAttachments} says whether copies into this registry take the image's signatures,
 * attestations and SBOMs along; null when not said (then they do, unless the stage says otherwise).
 */
public record RegistryConfig(String name, String host, boolean insecure, String credentials, String layout, Boolean copyAttachments) {

    public RegistryConfig {
        if (host != null && layout != null) {
            throw new IllegalArgumentException("registry " + name + " has a host and a layout directory; it is one or the other");
        }
    }

    public RegistryConfig(String name, String host, boolean insecure, String credentials, String layout) {
        this(name, host, insecure, credentials, layout, null);
    }

    /** The same registry with {@code copyAttachments} set (null: not said). */
    public RegistryConfig withCopyAttachments(Boolean copy) {
        return new RegistryConfig(name, host, insecure, credentials, layout, copy);
    }

    /** Whether copies into this registry take what is attached along, when the stage does not say: yes unless said otherwise. */
    public boolean copiesAttachments() {
        return !Boolean.FALSE.equals(copyAttachments);
    }

    /** A registry server. */
    public RegistryConfig(String name, String host, boolean insecure, String credentials) {
        this(name, host, insecure, credentials, null);
    }

    /** An OCI image layout directory. */
    public static RegistryConfig layout(String name, String directory) {
        return new RegistryConfig(name, null, false, null, directory);
    }

    public boolean isLayout() {
        return layout != null;
    }

    /** "sandbox (localhost:5000)" or "local (layout ./data/registries/local)", for messages. */
    public String describe() {
        return name + (isLayout() ? " (layout " + layout + ")" : " (" + host + ")");
    }
}
