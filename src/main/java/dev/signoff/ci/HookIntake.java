package dev.signoff.ci;

import dev.signoff.ci.HookMetrics.Outcome;
import dev.signoff.ci.spi.HookDeliveries;
import dev.signoff.ci.spi.HookDelivery;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.events.PullRequestClosed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The quick part of taking a notification, done while the sender waits: verify it, read it, find
 * its apps, store it once, and hand the slow part (registry, promotion, chat) to the
 * {@link BuildProcessor}. Nothing is stored for a request that fails verification or reading,
 * nor for one about no known app; each outcome is logged and counted. Secrets are never logged.
 */
@Component
class HookIntake {
    private static final Logger log = LoggerFactory.getLogger(HookIntake.class);

    private final Map<String, HookSource> sources;
    private final HooksProperties properties;
    private final Routing routing;
    private final HookDeliveries deliveries;
    private final BuildProcessor processor;
    private final HookMetrics metrics;
    private final ApplicationEventPublisher events;

    HookIntake(List<HookSource> sources, HooksProperties properties, PipelineConfig config, HookDeliveries deliveries,
               BuildProcessor processor, HookMetrics metrics, ApplicationEventPublisher events) {
        this.sources = sources.stream().collect(Collectors.toMap(HookSource::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        this.properties = properties;
        this.routing = new Routing(config);
        this.deliveries = deliveries;
        this.processor = processor;
        this.metrics = metrics;
        this.events = events;
        for (String name : this.sources.keySet()) {
            metrics.known(name, properties.of(name).flatMap(HooksProperties.Source::secretBytes).isPresent());
            properties.of(name).map(HooksProperties.Source::registry).filter(r -> !config.registries().containsKey(r)).ifPresent(r -> {
                throw new IllegalStateException("signoff.hooks." + name + ".registry: '" + r + "' is not a registry in the pipelines config; registries are "
                        + String.join(", ", config.registries().keySet()));
            });
        }
    }

    /** How a request was answered: the outcome (and so the status) and a sentence for the sender. */
    record Reply(Outcome outcome, int status, String detail, List<String> deliveries) {
        Reply(Outcome outcome, String detail, List<String> deliveries) {
            this(outcome, outcome.status, detail, deliveries);
        }

        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("outcome", outcome.tag());
            if (detail != null) {
                body.put(status >= 400 ? "error" : "detail", detail);
            }
            if (!deliveries.isEmpty()) {
                body.put("deliveries", deliveries);
            }
            return body;
        }
    }

    Optional<HookSource> source(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    /** A request whose body was too large to read: answered 413, counted, nothing else. */
    Reply tooLarge(String source, String remote, long limit) {
        log.warn("refused a {} notification from {}: the body is larger than {} bytes", source, remote, limit);
        return counted(source, new Reply(Outcome.TOO_LARGE, "the body is larger than " + limit + " bytes (signoff.hooks.max-body)", List.of()));
    }

    /** A body that is not JSON by its content type: answered 415 and counted as malformed. */
    Reply unsupportedType(String source, String remote, String contentType) {
        log.warn("refused a {} notification from {}: content type {}", source, remote, contentType);
        metrics.count(source, Outcome.MALFORMED);
        return new Reply(Outcome.MALFORMED, 415, "send the body as application/json, not " + contentType, List.of());
    }

    Reply receive(HookRequest request) {
        HookSource source = sources.get(request.source());
        Optional<byte[]> secret = properties.of(source.name()).flatMap(HooksProperties.Source::secretBytes);
        if (secret.isEmpty()) {
            log.warn("refused a {} notification from {}: no secret is configured (signoff.hooks.{}.secret)", source.name(), request.remote(), source.name());
            return counted(source.name(), new Reply(Outcome.UNAUTHORIZED, "unauthorized", List.of()));
        }
        if (!source.authentic(request, secret.get())) {
            log.warn("refused a {} notification from {}: missing or wrong signature or secret", source.name(), request.remote());
            return counted(source.name(), new Reply(Outcome.UNAUTHORIZED, "unauthorized", List.of()));
        }
        try {
            Parsed parsed = source.parse(request);
            if (parsed.pullRequest() != null) {
                // Nothing is stored: the waiting step reads the request from the forge, and polls it anyway.
                PullRequestClosed closed = parsed.pullRequest();
                log.info("{} reports request {} of {} closed{}", source.name(), closed.number(), closed.project(), closed.merged() ? " (merged)" : "");
                events.publishEvent(closed);
                return counted(source.name(), new Reply(Outcome.ACCEPTED, "request " + closed.number() + " of " + closed.project() + " closed", List.of()));
            }
            if (parsed.isIgnored()) {
                log.debug("ignored a {} notification: {}", source.name(), parsed.ignoredBecause());
                return counted(source.name(), new Reply(Outcome.IGNORED, parsed.ignoredBecause(), List.of()));
            }
            return take(source.name(), parsed.notifications(), request);
        } catch (MalformedHook e) {
            log.warn("refused a {} notification from {}: {}", source.name(), request.remote(), e.getMessage());
            return counted(source.name(), new Reply(Outcome.MALFORMED, e.getMessage(), List.of()));
        }
    }

    /** Routes every notification before storing any, so a malformed one stores nothing. */
    private Reply take(String source, List<Notification> notifications, HookRequest request) {
        String registry = properties.of(source).map(HooksProperties.Source::registry).orElse(null);
        List<Routing.Routed> routed = new ArrayList<>();
        for (Notification n : notifications) {
            routed.add(routing.route(source, n, registry, request.receivedAt()));
        }
        List<String> accepted = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < notifications.size(); i++) {
            Notification n = notifications.get(i);
            Routing.Routed r = routed.get(i);
            if (r.builds().isEmpty()) {
                log.info("a {} notification is about no app: {}", source, r.unknownBecause());
                unknown.add(r.unknownBecause());
                continue;
            }
            BuildPublished first = r.builds().getFirst();
            HookDelivery delivery = new HookDelivery(source, n.deliveryId(),
                    String.join(",", r.builds().stream().map(BuildPublished::app).toList()),
                    first.kind().name().toLowerCase(java.util.Locale.ROOT), first.image() != null ? first.image().toString() : null,
                    first.commit(), request.receivedAt(), WorkJson.write(r.builds()));
            if (deliveries.claim(delivery)) {
                accepted.add(n.deliveryId());
                processor.submit(r.builds());
            } else {
                duplicates.add(n.deliveryId());
            }
        }
        if (!accepted.isEmpty()) {
            log.info("accepted {} {} notification(s) {}", accepted.size(), source, accepted);
            return counted(source, new Reply(Outcome.ACCEPTED, null, accepted));
        }
        if (!duplicates.isEmpty()) {
            log.info("ignored a {} notification delivered before: {}", source, duplicates);
            return counted(source, new Reply(Outcome.DUPLICATE, "delivered before", duplicates));
        }
        return counted(source, new Reply(Outcome.UNKNOWN_APP, String.join("; ", unknown), List.of()));
    }

    private Reply counted(String source, Reply reply) {
        metrics.count(source, reply.outcome());
        return reply;
    }
}
