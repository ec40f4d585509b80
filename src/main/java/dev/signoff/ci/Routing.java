package dev.signoff.ci;

import dev.signoff.ci.Notification.CiRun;
import dev.signoff.ci.Notification.RegistryPush;
import dev.signoff.promotion.AppConfig;
import dev.signoff.promotion.BuildSource;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.Stage;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which apps a notification is about, from the pipelines config alone (no registry call, so it
 * can answer before the sender's timeout). CI runs match {@code apps.<app>.source.repository}
 * (several apps may be built from one repository) or name the app; registry pushes match the
 * first stage's repository on the registry whose host the event names (or the registry the
 * source is configured for).
 */
final class Routing {
    /** Docker Hub's names for itself, all meaning the registry a config calls docker.io. */
    private static final Set<String> DOCKER_HUB = Set.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");

    private final PipelineConfig config;

    Routing(PipelineConfig config) {
        this.config = config;
    }

    /** What routing made of one notification: builds to act on, or why none (the app is unknown). */
    record Routed(List<BuildPublished> builds, String unknownBecause) {
    }

    /** @param registry the registry the source is configured for (signoff.hooks.<source>.registry), or null */
    Routed route(String source, Notification notification, String registry, Instant receivedAt) {
        return switch (notification) {
            case CiRun run -> run(source, run, receivedAt);
            case RegistryPush push -> push(source, push, registry, receivedAt);
        };
    }

    private Routed run(String source, CiRun run, Instant receivedAt) {
        List<AppConfig> apps;
        if (run.app() != null) {
            apps = config.app(run.app()).stream().toList();
            if (apps.isEmpty()) {
                return new Routed(List.of(), "no app '" + run.app() + "'; apps are " + String.join(", ", config.apps().keySet()));
            }
        } else {
            apps = config.apps().values().stream().filter(a -> a.buildSource().map(s -> s.isFor(run.repository())).orElse(false)).toList();
            if (apps.isEmpty()) {
                return new Routed(List.of(), "no app has source.repository '" + run.repository() + "'");
            }
        }
        return new Routed(apps.stream().map(app -> build(source, run, app, receivedAt)).toList(), null);
    }

    private BuildPublished build(String source, CiRun run, AppConfig app, Instant receivedAt) {
        ImageRef image = null;
        String problem = null;
        Stage first = app.first();
        if (run.image() != null) {
            image = named(run.image(), app);
        } else {
            Optional<BuildSource> buildSource = app.buildSource();
            if (buildSource.isEmpty()) {
                problem = "the notification names no image and " + app.name() + " has no source.tag in the pipelines config";
            } else {
                try {
                    image = first.image().withTag(buildSource.get().tag(run.commit(), run.branch(), run.run()));
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
            }
        }
        return new BuildPublished(source, run.deliveryId(), BuildPublished.Kind.BUILD, app.name(), image, problem, run.commit(),
                run.branch(), run.success(), run.url(), run.message(), receivedAt);
    }

    /**
     * The image the generic format's {@code image} names: a tag or a digest of the first stage's
     * repository, or a full reference to it by registry name or host. Anything else is malformed.
     */
    private ImageRef named(String text, AppConfig app) {
        ImageRef first = app.first().image();
        if (Digest.isDigest(text)) {
            return first.withDigest(Digest.parse(text));
        }
        if (ImageRef.isTag(text)) {
            return first.withTag(text);
        }
        ImageRef ref;
        try {
            ref = ImageRef.parse(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedHook("'image': " + e.getMessage());
        }
        String host = config.registry(first).host();
        boolean sameRegistry = ref.registry().equals(first.registry()) || host != null && host.equalsIgnoreCase(ref.registry());
        if (!sameRegistry || !ref.repository().equals(first.repository())) {
            throw new MalformedHook("'image': " + text + " is not in " + app.name() + "'s first stage repository " + first.registry()
                    + "/" + first.repository() + " (" + (host != null ? host : "layout " + config.registry(first).layout()) + ")");
        }
        return new ImageRef(first.registry(), first.repository(), ref.tag(), ref.digest());
    }

    private Routed push(String source, RegistryPush push, String configured, Instant receivedAt) {
        List<String> registries = configured != null ? List.of(configured)
                : config.registries().values().stream().filter(r -> sameHost(r, push.host())).map(RegistryConfig::name).toList();
        if (registries.isEmpty()) {
            return new Routed(List.of(), "no registry has host '" + push.host() + "'");
        }
        List<AppConfig> apps = config.apps().values().stream()
                .filter(a -> registries.contains(a.first().image().registry()) && a.first().image().repository().equals(push.repository()))
                .toList();
        if (apps.isEmpty()) {
            return new Routed(List.of(), "no app's first stage is " + push.repository() + " on " + String.join(" or ", registries));
        }
        return new Routed(apps.stream().map(app -> {
            ImageRef first = app.first().image();
            ImageRef image;
            try {
                image = new ImageRef(first.registry(), first.repository(), push.tag(), push.digest());
            } catch (IllegalArgumentException e) {
                throw new MalformedHook(e.getMessage());
            }
            return new BuildPublished(source, push.deliveryId(), BuildPublished.Kind.PUSH, app.name(), image, null, null, null, true,
                    push.url(), null, receivedAt);
        }).toList(), null);
    }

    private static boolean sameHost(RegistryConfig registry, String host) {
        if (host == null || registry.isLayout()) {
            return false;
        }
        String configured = registry.host().toLowerCase(Locale.ROOT);
        String given = host.toLowerCase(Locale.ROOT);
        return configured.equals(given) || DOCKER_HUB.contains(configured) && DOCKER_HUB.contains(given);
    }
}
