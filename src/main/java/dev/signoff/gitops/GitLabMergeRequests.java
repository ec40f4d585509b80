package dev.signoff.gitops;

import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.PullRequestLink;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * GitLab's merge requests API ({@code /projects/{id}/merge_requests}, the id being the project's
 * URL-encoded path). A merged request's commit on the target branch is {@code merge_commit_sha}, or
 * {@code squash_commit_sha} when it was squashed without a merge commit, or the source branch's
 * {@code sha} when it was fast-forwarded.
 */
final class GitLabMergeRequests implements Forge {
    private final GitRepo repo;
    private final String project;
    private final ForgeHttp api;

    GitLabMergeRequests(GitRepo repo, String token, HttpClient http) {
        this.repo = repo;
        this.project = URLEncoder.encode(Forge.project(repo), StandardCharsets.UTF_8);
        this.api = new ForgeHttp(repo, "GitLab", Map.of("PRIVATE-TOKEN", token), token, http);
    }

    @Override
    public Optional<PullRequest> find(String branch) {
        JsonNode list = api.get("/projects/" + project + "/merge_requests?state=all&source_branch=" + URLEncoder.encode(branch, StandardCharsets.UTF_8)
                + "&target_branch=" + URLEncoder.encode(repo.branch(), StandardCharsets.UTF_8));
        for (JsonNode mr : list) {
            if (branch.equals(mr.path("source_branch").asString(null))) {
                return Optional.of(read(mr));
            }
        }
        return Optional.empty();
    }

    @Override
    public PullRequest open(String branch, String title, String body) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("source_branch", branch);
        request.put("target_branch", repo.branch());
        request.put("title", title);
        request.put("description", body);
        request.put("remove_source_branch", true);
        return read(api.post("/projects/" + project + "/merge_requests", request));
    }

    @Override
    public PullRequest get(long iid) {
        return read(api.get("/projects/" + project + "/merge_requests/" + iid));
    }

    private static PullRequest read(JsonNode mr) {
        long iid = mr.path("iid").asLong();
        PullRequestLink link = PullRequestLink.gitlab(iid, mr.path("web_url").asString());
        return switch (mr.path("state").asString("")) {
            case "merged" -> new PullRequest(iid, link, PullRequest.State.MERGED, first(mr, "merge_commit_sha", "squash_commit_sha", "sha"));
            case "closed" -> new PullRequest(iid, link, PullRequest.State.CLOSED, null);
            default -> new PullRequest(iid, link, PullRequest.State.OPEN, null);
        };
    }

    private static String first(JsonNode mr, String... fields) {
        for (String field : fields) {
            String value = mr.path(field).asString(null);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
