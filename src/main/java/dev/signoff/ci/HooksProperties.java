package dev.signoff.ci;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code signoff.hooks.*}: a secret per source ({@code signoff.hooks.github.secret}, or the
 * environment variable {@code SIGNOFF_HOOKS_GITHUB_SECRET}), optionally the registry a registry
 * source's events are about, the largest body taken, and how many accepted deliveries are worked
 * on at once. A source without a secret refuses everything. {@link #toString()} never shows a secret.
 */
@ConfigurationProperties("signoff.hooks")
record HooksProperties(@DefaultValue("1MB") DataSize maxBody, @DefaultValue("4") int workers, Source github, Source gitlab,
                       Source jenkins, Source generic, Source distribution, Source harbor, Source quay, Source dockerhub) {

    /**
     * One source's settings. {@code registry} names an entry under {@code registries:} in
     * pipelines.yaml: that source's push events are about that registry whatever host they name
     * (for a registry that knows itself by another name than the one Signoff uses).
     */
    record Source(String secret, String registry) {
        Optional<byte[]> secretBytes() {
            return secret == null || secret.isBlank() ? Optional.empty() : Optional.of(secret.strip().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Source[secret=" + (secret == null || secret.isBlank() ? "(none)" : "(set)") + ", registry=" + registry + "]";
        }
    }

    /** The settings of the source called {@code name}; empty when none are given. */
    Optional<Source> of(String name) {
        return Optional.ofNullable(switch (name) {
            case "github" -> github;
            case "gitlab" -> gitlab;
            case "jenkins" -> jenkins;
            case "generic" -> generic;
            case "distribution" -> distribution;
            case "harbor" -> harbor;
            case "quay" -> quay;
            case "dockerhub" -> dockerhub;
            default -> null;
        });
    }
}
