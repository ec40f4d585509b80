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
 * GitHub's pulls API ({@code /repos/{owner}/{repo}/pulls}): a pull request is open, closed with
 * {@code merged: true} (its {@code merge_commit_sha} is the merge, squash or rebase commit on the
 * base branch), or closed without merging.
 */
final class GitHubPulls implements Forge {
    private final GitRepo repo;
    private final String project;
    private final ForgeHttp api;

    GitHubPulls(GitRepo repo, String token, HttpClient http) {
        this.repo = repo;
        this.project = Forge.project(repo);
        this.api = new ForgeHttp(repo, "GitHub", Map.of("Authorization", "Bearer " + token,
                "X-GitHub-Api-Version", "2022-11-28"), token, http);
    }

    @Override
    public Optional<PullRequest> find(String branch) {
        String owner = project.substring(0, project.indexOf('/'));
        JsonNode list = api.get("/repos/" + project + "/pulls?state=all&head=" + URLEncoder.encode(owner + ":" + branch, StandardCharsets.UTF_8));
        for (JsonNode pull : list) {
            if (branch.equals(pull.path("head").path("ref").asString(null))) {
                return Optional.of(read(pull));
            }
        }
        return Optional.empty();
    }

    @Override
    public PullRequest open(String branch, String title, String body) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("title", title);
        request.put("head", branch);
        request.put("base", repo.branch());
        request.put("body", body);
        return read(api.post("/repos/" + project + "/pulls", request));
    }

    @Override
    public PullRequest get(long number) {
        return read(api.get("/repos/" + project + "/pulls/" + number));
    }

    private static PullRequest read(JsonNode pull) {
        long number = pull.path("number").asLong();
        PullRequestLink link = PullRequestLink.github(number, pull.path("html_url").asString());
        if (pull.path("merged").asBoolean(false)) {
            return new PullRequest(number, link, PullRequest.State.MERGED, pull.path("merge_commit_sha").asString(null));
        }
        return new PullRequest(number, link, "closed".equals(pull.path("state").asString(null)) ? PullRequest.State.CLOSED : PullRequest.State.OPEN, null);
    }
}
