package dev.signoff.ci;

import dev.signoff.ci.Notification.CiRun;
import dev.signoff.ci.Notification.RegistryPush;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.events.PullRequestClosed;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * GitHub repository (or organisation) webhooks, signed with {@code X-Hub-Signature-256}:
 * {@code workflow_run} completed is a CI run of {@code repository.full_name}; {@code registry_package}
 * published is a push to the GitHub container registry; {@code pull_request} closed (merged or not)
 * wakes a GitOps step waiting for that pull request; {@code ping} is answered and nothing else.
 * The delivery id is {@code X-GitHub-Delivery}, which a redelivery repeats.
 */
@Component
class GitHubSource implements HookSource {
    private static final Set<String> FAILED = Set.of("failure", "timed_out", "startup_failure");

    @Override
    public String name() {
        return "github";
    }

    @Override
    public boolean authentic(HookRequest request, byte[] secret) {
        return Signatures.hmacSha256Matches(request.header("X-Hub-Signature-256"), request.body(), secret);
    }

    @Override
    public Parsed parse(HookRequest request) {
        String event = request.header("X-GitHub-Event");
        if (event == null || event.isBlank()) {
            throw new MalformedHook("the X-GitHub-Event header is missing");
        }
        JsonNode json = request.json();
        String id = request.deliveryId("X-GitHub-Delivery");
        return switch (event.strip()) {
            case "ping" -> Parsed.ignored("pong");
            case "workflow_run" -> workflowRun(json, id);
            case "registry_package", "package" -> registryPackage(json, id);
            case "pull_request" -> pullRequest(json);
            default -> Parsed.ignored("GitHub event '" + event + "' is not one Signoff acts on (workflow_run, registry_package, pull_request)");
        };
    }

    private static Parsed workflowRun(JsonNode json, String id) {
        String action = Json.required(json, "action");
        if (!action.equals("completed")) {
            return Parsed.ignored("workflow_run " + action + ": only completed runs are reported");
        }
        JsonNode run = Json.object(json, "workflow_run");
        String conclusion = Json.text(run, "conclusion");
        boolean success;
        if ("success".equals(conclusion)) {
            success = true;
        } else if (FAILED.contains(conclusion)) {
            success = false;
        } else {
            return Parsed.ignored("workflow run concluded " + conclusion + ", neither success nor failure");
        }
        String repository = Json.text(run, "repository", "full_name");
        if (repository == null) {
            repository = Json.required(json, "repository", "full_name");
        }
        String message = Json.firstLine(Json.text(run, "head_commit", "message"));
        if (message == null) {
            message = Json.firstLine(Json.text(run, "display_title"));
        }
        String workflow = Json.text(run, "name");
        return Parsed.of(new CiRun(id, null, repository, Json.required(run, "head_sha"), Json.text(run, "head_branch"),
                Json.text(run, "run_number"), success, Json.text(run, "html_url"),
                workflow != null && message != null ? workflow + ": " + message : message != null ? message : workflow, null));
    }

    private static Parsed pullRequest(JsonNode json) {
        String action = Json.required(json, "action");
        if (!action.equals("closed")) {
            return Parsed.ignored("pull_request " + action + ": only closed pull requests are reported");
        }
        JsonNode pull = Json.object(json, "pull_request");
        return Parsed.closed(new PullRequestClosed(Json.required(json, "repository", "full_name"),
                Json.number(pull, "number"), pull.path("merged").asBoolean(false)));
    }

    /** The GitHub container registry: {@code ghcr.io/<namespace>/<name>:<tag>}. */
    private static Parsed registryPackage(JsonNode json, String id) {
        String action = Json.required(json, "action");
        if (!action.equals("published")) {
            return Parsed.ignored("registry_package " + action + ": only published packages are reported");
        }
        JsonNode pkg = Json.at(json, "registry_package");
        if (pkg == null || !pkg.isObject()) {
            pkg = Json.object(json, "package");
        }
        String type = Json.text(pkg, "package_type");
        if (type == null || !type.equalsIgnoreCase("container")) {
            return Parsed.ignored("package type " + type + " is not a container image");
        }
        String tag = Json.text(pkg, "package_version", "container_metadata", "tag", "name");
        if (tag == null) {
            return Parsed.ignored("an untagged container version");
        }
        String digest = Json.text(pkg, "package_version", "container_metadata", "tag", "digest");
        if (digest == null || !Digest.isDigest(digest)) {
            digest = Json.text(pkg, "package_version", "version");
        }
        String registryUrl = Json.text(pkg, "registry", "url");
        String host = registryUrl != null ? URI.create(registryUrl).getAuthority() : "ghcr.io";
        String repository = (Json.required(pkg, "namespace") + "/" + Json.required(pkg, "name")).toLowerCase(Locale.ROOT);
        return Parsed.of(new RegistryPush(id, host, repository, tag, Digest.isDigest(digest) ? Digest.parse(digest) : null, null,
                Json.text(pkg, "package_version", "html_url")));
    }
}
