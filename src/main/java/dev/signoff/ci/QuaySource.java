package dev.signoff.ci;

import dev.signoff.ci.Notification.RegistryPush;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Quay repository notifications, event "Push to Repository", method "Webhook POST". Quay cannot
 * sign, so the secret is in the URL: {@code /hooks/quay?secret=…}. Each of {@code updated_tags}
 * is a push of {@code docker_url}:{@code tag}; Quay names no digest, so the tag is resolved.
 * <p>
 * Quay's body holds neither an id nor a time, so pushing the same tags again sends the same bytes.
 * The delivery id is the body's sha256 within a {@value #WINDOW_MINUTES}-minute window: a resend
 * inside it is a duplicate, a later push of the same tags is a new delivery.
 */
@Component
class QuaySource implements HookSource {
    static final int WINDOW_MINUTES = 10;

    @Override
    public String name() {
        return "quay";
    }

    @Override
    public boolean authentic(HookRequest request, byte[] secret) {
        return Signatures.tokenMatches(request.query("secret"), secret);
    }

    @Override
    public Parsed parse(HookRequest request) {
        JsonNode json = request.json();
        String repository = Json.required(json, "repository");
        String dockerUrl = Json.required(json, "docker_url");
        JsonNode tags = Json.at(json, "updated_tags");
        if (tags == null || !tags.isArray()) {
            throw new MalformedHook("'updated_tags' must be a list");
        }
        String id = request.bodyDigest() + "@" + window(request.receivedAt());
        List<Notification> pushes = new ArrayList<>();
        for (JsonNode tag : tags) {
            if (!tag.isString() || tag.asString().isBlank()) {
                throw new MalformedHook("each of 'updated_tags' must be a tag");
            }
            pushes.add(new RegistryPush(id + ":" + tag.asString(), dockerUrl.substring(0, Math.max(0, dockerUrl.indexOf('/'))),
                    repository, tag.asString(), null, null, Json.text(json, "homepage")));
        }
        return Parsed.of(pushes, "no tag was updated");
    }

    private static long window(Instant at) {
        return at.getEpochSecond() / (WINDOW_MINUTES * 60L);
    }
}
