package dev.signoff.registry;

import java.net.http.HttpResponse;
import java.util.Optional;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.spi.StepFailure;

/**
 * Manifest requests over the distribution API. Bytes go out exactly as they came in; every answer
 * is checked against the digest it must have.
 */
final class Manifests {
    private Manifests() {
    }

    /** GETs a manifest by tag or digest, verifying its digest. */
    static Manifest get(RegistryHttp http, String repository, String reference) {
        return get(http, repository, reference, Auth.pull(repository));
    }

    /** The same, asking for the given token scopes (so that one token serves a whole copy). */
    static Manifest get(RegistryHttp http, String repository, String reference, String... scopes) {
        boolean byDigest = Digest.isDigest(reference);
        HttpResponse<byte[]> response = http.send(Call.get(http.uri(repository, "manifests", reference), repository,
                        "reading manifest " + reference).scopes(scopes).header("Accept", MediaTypes.ACCEPT),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            throw missing(http, repository, reference, response);
        }
        if (response.statusCode() != 200) {
            throw http.failure(response, repository, "reading manifest " + reference);
        }
        byte[] bytes = response.body();
        String served = response.headers().firstValue("Docker-Content-Digest").orElse(null);
        Digest expected = byDigest ? Digest.parse(reference) : served != null && Digest.isDigest(served) ? Digest.parse(served) : null;
        Digest actual = Manifest.digestOf(bytes, expected != null ? expected.algorithm() : "sha256");
        if (expected != null && !expected.equals(actual)) {
            throw http.failure(repository, "manifest " + reference + " has digest " + actual + " but " + expected
                    + " was expected; the registry or something between us changed it", true);
        }
        return new Manifest(bytes, mediaType(response, bytes), actual);
    }

    /** The digest a tag (or digest) resolves to, or empty when the repository has no such manifest. HEAD only. */
    static Optional<Digest> head(RegistryHttp http, String repository, String reference) {
        HttpResponse<byte[]> response = http.send(Call.of("HEAD", http.uri(repository, "manifests", reference), repository,
                        "looking up " + reference).scopes(Auth.pull(repository)).header("Accept", MediaTypes.ACCEPT),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw http.failure(response, repository, "looking up " + reference);
        }
        String served = response.headers().firstValue("Docker-Content-Digest").orElse(null);
        if (served != null && Digest.isDigest(served)) {
            if (Digest.isDigest(reference) && !served.equals(reference)) {
                throw http.failure(repository, "asked for " + reference + " the registry answered " + served, false);
            }
            return Optional.of(Digest.parse(served));
        }
        return Optional.of(get(http, repository, reference).digest());
    }

    /**
     * PUTs the manifest's bytes under a tag or its digest and checks that the registry stored exactly
     * them: the Docker-Content-Digest it answers must be the digest of the bytes sent.
     */
    static boolean put(RegistryHttp http, String repository, String reference, Manifest manifest) {
        return put(http, repository, reference, manifest, Auth.push(repository));
    }

    /**
     * The same, asking for the given token scopes. Answers whether the registry indexed the
     * manifest under its {@code subject} itself (the {@code OCI-Subject} header of OCI distribution
     * 1.1); when it did not, a client keeps the referrers tag schema up to date instead.
     */
    static boolean put(RegistryHttp http, String repository, String reference, Manifest manifest, String... scopes) {
        String action = "writing manifest " + manifest.digest().shortForm() + (Digest.isDigest(reference) ? "" : " as tag " + reference);
        HttpResponse<byte[]> response = http.send(Call.of("PUT", http.uri(repository, "manifests", reference), repository, action)
                        .scopes(scopes).header("Content-Type", manifest.mediaType()).body(manifest.bytes()),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw http.failure(response, repository, action + " (" + manifest.mediaType() + ")");
        }
        String answered = response.headers().firstValue("Docker-Content-Digest").orElse(null);
        Digest sent = Manifest.digestOf(manifest.bytes(), manifest.digest().algorithm());
        Digest stored;
        if (answered != null && Digest.isDigest(answered)) {
            stored = Digest.parse(answered);
        } else {
            stored = head(http, repository, reference).orElseThrow(() -> http.failure(repository, action + ": the registry accepted it but does not show it", true));
        }
        if (!stored.equals(sent)) {
            throw http.failure(repository, action + ": the registry stored digest " + stored + " but the bytes sent have "
                    + sent + "; it rewrote the manifest", false);
        }
        return response.headers().firstValue("OCI-Subject").isPresent();
    }

    private static StepFailure missing(RegistryHttp http, String repository, String reference, HttpResponse<byte[]> response) {
        String code = ErrorBodies.code(response);
        if (code.equals("NAME_UNKNOWN")) {
            return http.failure(repository, "the repository does not exist", false);
        }
        return http.failure(repository, Digest.isDigest(reference) ? "no manifest " + reference : "no tag '" + reference + "'", false);
    }

    /** The served content type; where a registry answers something generic, the type the manifest declares. */
    private static String mediaType(HttpResponse<byte[]> response, byte[] bytes) {
        String served = MediaTypes.bare(response.headers().firstValue("Content-Type").orElse(null));
        if (served != null && !served.isEmpty() && !served.equals("application/json") && !served.equals("text/plain")
                && !served.equals("application/octet-stream")) {
            return served;
        }
        String declared = MediaTypes.declaredMediaType(bytes);
        if (declared != null) {
            return declared;
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        return text.contains("\"manifests\"") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    }
}
