package dev.signoff.ci;

/**
 * One sender of notifications, found by its {@link #name()} in {@code /hooks/{source}}: how it
 * proves it knows the secret, and how its bodies read. Implementations are stateless components.
 */
interface HookSource {

    /** The path segment and settings key: github, gitlab, jenkins, generic, distribution, harbor, quay, dockerhub. */
    String name();

    /** Whether the request carries proof of {@code secret} (a signature of the body, a token, a secret in the URL). */
    boolean authentic(HookRequest request, byte[] secret);

    /** What the verified request says. Throws {@link MalformedHook} when the body cannot be understood. */
    Parsed parse(HookRequest request);
}
