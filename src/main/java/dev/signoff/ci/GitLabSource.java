package dev.signoff.ci;

import dev.signoff.ci.Notification.CiRun;
import dev.signoff.promotion.events.PullRequestClosed;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * GitLab project webhooks with "Pipeline events", carrying the secret token in {@code X-Gitlab-Token}.
 * A pipeline that succeeded or failed is a CI run of {@code project.path_with_namespace}; other
 * states (running, pending, canceled…) are not reported. With "Merge request events", a merge
 * request merged or closed ({@code object_attributes.action} merge or close) wakes a GitOps step
 * waiting for it. The delivery id is GitLab's
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
        if (event != null && !event.strip().equals("Pipeline Hook") && !event.strip().equals("Merge Request Hook")) {
            return Parsed.ignored("GitLab event '" + event + "' is not one Signoff acts on (Pipeline Hook, Merge Request Hook)");
        }
        JsonNode json = request.json();
        if ("merge_request".equals(Json.required(json, "object_kind"))) {
            return mergeRequest(json);
        }
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

    private static Parsed mergeRequest(JsonNode json) {
        JsonNode mr = Json.object(json, "object_attributes");
        String action = Json.text(mr, "action");
        String state = Json.text(mr, "state");
        boolean merged = "merge".equals(action) || "merged".equals(state);
        if (!merged && !"close".equals(action)) {
            return Parsed.ignored("merge request " + (action != null ? action : state) + ": only merged and closed merge requests are reported");
        }
        return Parsed.closed(new PullRequestClosed(Json.required(json, "project", "path_with_namespace"),
                Json.number(mr, "iid"), merged));
    }
}
