package dev.signoff.ci;

import dev.signoff.ci.Notification.RegistryPush;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Docker Hub repository webhooks. Docker Hub cannot sign, so the secret is in the URL:
 * {@code /hooks/dockerhub?secret=…}. A push is of {@code docker.io/<repo_name>:<push_data.tag>};
 * Docker Hub names no digest, so the tag is resolved. No delivery id: the body's sha256
 * (which includes {@code pushed_at}) is used.
 */
@Component
class DockerHubSource implements HookSource {
    static final String HOST = "docker.io";

    @Override
    public String name() {
        return "dockerhub";
    }

    @Override
    public boolean authentic(HookRequest request, byte[] secret) {
        return Signatures.tokenMatches(request.query("secret"), secret);
    }

    @Override
    public Parsed parse(HookRequest request) {
        JsonNode json = request.json();
        String tag = Json.text(json, "push_data", "tag");
        if (tag == null) {
            return Parsed.ignored("a push without a tag");
        }
        return Parsed.of(new RegistryPush(request.bodyDigest(), HOST, Json.required(json, "repository", "repo_name"), tag, null,
                null, Json.text(json, "repository", "repo_url")));
    }
}
