package dev.signoff.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.signoff.promotion.RegistryConfig;

/**
 * Where a registry's user and password come from: the reference in pipelines.yaml ({@code env:VAR}
 * or {@code file:/path}, each holding {@code user:password}), else the docker config
 * ({@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}, including its credential
 * helpers) and jib's well-known helpers. Secrets never appear in messages or logs.
 */
final class Credentials {
    private static final Logger log = LoggerFactory.getLogger(Credentials.class);

    /** A user and secret; {@link #toString()} hides the secret. */
    record Credential(String user, String secret) {
        @Override
        public String toString() {
            return "Credential[" + user + ", ****]";
        }
    }

    private final Map<String, String> env;

    Credentials(Map<String, String> env) {
        this.env = env;
    }

    /** The credential for the registry, or empty for anonymous access. */
    Optional<Credential> lookup(RegistryConfig registry) {
        String ref = registry.credentials();
        if (ref != null && !ref.isBlank()) {
            return Optional.of(fromReference(registry, ref.trim()));
        }
        return fromDockerConfig(registry);
    }

    private Credential fromReference(RegistryConfig registry, String ref) {
        String where = "registry " + registry.name() + " (" + registry.host() + "): credentials " + ref;
        String value;
        if (ref.startsWith("env:")) {
            value = env.get(ref.substring(4));
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(where + ": the environment variable " + ref.substring(4) + " is not set");
            }
        } else if (ref.startsWith("file:")) {
            try {
                value = Files.readString(Path.of(ref.substring(5)), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new IllegalStateException(where + ": no such file");
            } catch (IOException e) {
                throw new IllegalStateException(where + ": cannot read the file (" + e.getClass().getSimpleName() + ")");
            }
        } else {
            throw new IllegalStateException("registry " + registry.name() + " (" + registry.host()
                    + "): credentials must be a reference, env:VAR or file:/path, holding user:password; inline credentials are not accepted");
        }
        value = value.strip();
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalStateException(where + ": does not hold user:password");
        }
        return new Credential(value.substring(0, colon), value.substring(colon + 1));
    }

    private Optional<Credential> fromDockerConfig(RegistryConfig registry) {
        ImageReference image = ImageReference.of(credentialHost(registry.host()), "signoff", null);
        CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(image, Credentials::jibLog, env);
        String dockerConfigDir = env.get("DOCKER_CONFIG");
        List<CredentialRetriever> retrievers = List.of(
                dockerConfigDir != null ? factory.dockerConfig(Path.of(dockerConfigDir, "config.json")) : factory.dockerConfig(),
                factory.wellKnownCredentialHelpers());
        for (CredentialRetriever retriever : retrievers) {
            try {
                var found = retriever.retrieve();
                if (found.isPresent()) {
                    return Optional.of(new Credential(found.get().getUsername(), found.get().getPassword()));
                }
            } catch (CredentialRetrievalException e) {
                throw new IllegalStateException("registry " + registry.name() + " (" + registry.host()
                        + "): the docker credential helper failed: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Docker Hub's credentials are filed under its index host, whatever API host serves it. */
    static String credentialHost(String host) {
        return switch (host) {
            case "docker.io", "index.docker.io", "registry-1.docker.io" -> "docker.io";
            default -> host;
        };
    }

    private static void jibLog(LogEvent event) {
        log.debug("credentials: {}", event.getMessage());
    }
}
