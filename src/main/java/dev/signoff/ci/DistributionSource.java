package dev.signoff.ci;

import dev.signoff.ci.Notification.RegistryPush;
import dev.signoff.promotion.Digest;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The CNCF distribution registry's notifications ({@code notifications.endpoints} in its config.yml):
 * an envelope {@code {"events":[…]}} sent with the configured {@code Authorization: Bearer <secret>}
 * header. Each manifest push by tag is a push of {@code request.host}/{@code target.repository}:{@code target.tag}
 * at {@code target.digest}, stored under its event id; pulls, blob pushes, pushes by digest
 * (the platform manifests of an index) and Signoff's own pushes ({@code request.useragent}) are not reported.
 */
@Component
class DistributionSource implements HookSource {

    @Override
    public String name() {
        return "distribution";
    }

    @Override
    public boolean authentic(HookRequest request, byte[] secret) {
        String authorization = request.header("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && Signatures.tokenMatches(authorization.substring(7), secret);
    }

    @Override
    public Parsed parse(HookRequest request) {
        JsonNode events = Json.at(request.json(), "events");
        if (events == null || !events.isArray()) {
            throw new MalformedHook("'events' must be a list");
        }
        List<Notification> pushes = new ArrayList<>();
        String ignored = "no manifest was pushed by tag";
        for (JsonNode event : events) {
            if (!event.isObject()) {
                throw new MalformedHook("each of 'events' must be an object");
            }
            if (!"push".equals(Json.text(event, "action")) || Json.text(event, "target", "tag") == null) {
                continue;
            }
            String digest = Json.required(event, "target", "digest");
            if (!Digest.isDigest(digest)) {
                throw new MalformedHook("'" + digest + "' in target.digest is not a digest");
            }
            String url = Json.text(event, "target", "url");
            String host = Json.text(event, "request", "host");
            if (host == null && url != null) {
                host = URI.create(url).getAuthority();
            }
            RegistryPush push = new RegistryPush(Json.required(event, "id"), host, Json.required(event, "target", "repository"),
                    Json.text(event, "target", "tag"), Digest.parse(digest), Json.text(event, "request", "useragent"), url);
            if (push.bySignoff()) {
                ignored = "Signoff's own push of " + push.repository() + ":" + push.tag();
                continue;
            }
            pushes.add(push);
        }
        return Parsed.of(pushes, ignored);
    }
}
