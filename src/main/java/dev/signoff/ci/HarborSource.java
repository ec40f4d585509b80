package dev.signoff.ci;

import dev.signoff.ci.Notification.RegistryPush;
import dev.signoff.promotion.Digest;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Harbor webhook policies (HTTP, payload format Default) with the event "Artifact pushed". Harbor
 * sends the policy's "Auth Header" as the {@code Authorization} header verbatim; it must equal the
 * secret. Each tagged resource of a {@code PUSH_ARTIFACT} is a push of
 * {@code <host>/<repo_full_name>:<tag>} at its digest. Harbor gives no delivery id: the body's
 * sha256 (which includes {@code occur_at}) is used.
 */
@Component
class HarborSource implements HookSource {

    @Override
    public String name() {
        return "harbor";
    }

    @Override
    public boolean authentic(HookRequest request, byte[] secret) {
        return Signatures.tokenMatches(request.header("Authorization"), secret);
    }

    @Override
    public Parsed parse(HookRequest request) {
        JsonNode json = request.json();
        String type = Json.required(json, "type");
        if (!type.equals("PUSH_ARTIFACT")) {
            return Parsed.ignored("Harbor event " + type + " is not one Signoff acts on (PUSH_ARTIFACT)");
        }
        String repository = Json.required(json, "event_data", "repository", "repo_full_name");
        JsonNode resources = Json.at(json, "event_data", "resources");
        if (resources == null || !resources.isArray()) {
            throw new MalformedHook("'event_data.resources' must be a list");
        }
        String id = request.bodyDigest();
        List<Notification> pushes = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            JsonNode resource = resources.get(i);
            String tag = Json.text(resource, "tag");
            if (tag == null) {
                continue;
            }
            String url = Json.required(resource, "resource_url");
            String digest = Json.text(resource, "digest");
            if (digest != null && !Digest.isDigest(digest)) {
                throw new MalformedHook("'" + digest + "' in event_data.resources[" + i + "].digest is not a digest");
            }
            pushes.add(new RegistryPush(resources.size() == 1 ? id : id + "#" + i, url.substring(0, Math.max(0, url.indexOf('/'))),
                    repository, tag, digest != null ? Digest.parse(digest) : null, null, null));
        }
        return Parsed.of(pushes, "no tagged artifact was pushed");
    }
}
