package dev.signoff.ci;

import dev.signoff.ci.Notification.CiRun;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * GitLab project webhooks with "Pipeline events", carrying the secret token in {@code X-Gitlab-Token}.
 * A pipeline that succeeded or failed is a CI run of {@code project.path_with_namespace}; other
 * states (running, pending, canceled…) are not reported. The delivery id is GitLab's
 * {@code Idempotency-Key} (the same on retries), else {@code X-Gitlab-Event-UUID}.
 */
@Component
class GitLabSource implements HookSource {

    @Override
    public String name() {
        return "gitlab";
    }

    @Override
    public boolean authentic(HookRequest request, byte[] secret) {
        return Signatures.tokenMatches(request.header("X-Gitlab-Token"), secret);
    }

    @Override
    public Parsed parse(HookRequest request) {
        String event = request.header("X-Gitlab-Event");
        if (event != null && !event.strip().equals("Pipeline Hook")) {
            return Parsed.ignored("GitLab event '" + event + "' is not one Signoff acts on (Pipeline Hook)");
        }
        JsonNode json = request.json();
        if (!"pipeline".equals(Json.required(json, "object_kind"))) {
            return Parsed.ignored("GitLab object_kind " + Json.text(json, "object_kind") + " is not a pipeline");
        }
        JsonNode pipeline = Json.object(json, "object_attributes");
        String status = Json.required(pipeline, "status");
        boolean success;
        switch (status) {
            case "success" -> success = true;
            case "failed" -> success = false;
            default -> {
                return Parsed.ignored("pipeline " + status + ": only succeeded and failed pipelines are reported");
            }
        }
        String pipelineId = Json.text(pipeline, "id");
        String webUrl = Json.text(json, "project", "web_url");
        return Parsed.of(new CiRun(request.deliveryId("Idempotency-Key", "X-Gitlab-Event-UUID"), null,
                Json.required(json, "project", "path_with_namespace"), Json.required(pipeline, "sha"), Json.text(pipeline, "ref"),
                pipelineId, success, webUrl != null && pipelineId != null ? webUrl + "/-/pipelines/" + pipelineId : webUrl,
                Json.firstLine(Json.text(json, "commit", "message")), null));
    }
}
