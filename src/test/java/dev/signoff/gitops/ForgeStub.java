package dev.signoff.gitops;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * GitHub's pulls API or GitLab's merge requests API on 127.0.0.1 for one project, answering in the
 * shapes their documentation gives, as far as pull-request mode reads them: no request for the
 * branch yet, the request opened as number 12, and then open until the test says it was merged or
 * closed. Requests need the test's token in the header the forge asks for.
 */
final class ForgeStub implements AutoCloseable {
    static final long NUMBER = 12;

    private final WireMockServer server;
    private final boolean gitlab;
    private final String base;
    private final String web;
    private final String header;
    private final String value;
    private volatile String branch = PullRequestTest.BRANCH;

    private ForgeStub(boolean gitlab, String project, String token) {
        this.gitlab = gitlab;
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        base = gitlab ? "/projects/" + project.replace("/", "%2F") + "/merge_requests" : "/repos/" + project + "/pulls";
        web = "https://" + (gitlab ? "gitlab" : "github") + ".example.com/" + project + (gitlab ? "/-/merge_requests/" : "/pull/") + NUMBER;
        header = gitlab ? "PRIVATE-TOKEN" : "Authorization";
        value = gitlab ? token : "Bearer " + token;
        server.stubFor(WireMock.any(WireMock.anyUrl()).atPriority(10).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(gitlab ? "{\"message\":\"401 Unauthorized\"}" : "{\"message\":\"Bad credentials\"}")));
        server.stubFor(get(urlPathEqualTo(base)).withHeader(header, WireMock.equalTo(value)).willReturn(json(200, "[]")));
        server.stubFor(post(urlPathEqualTo(base)).withHeader(header, WireMock.equalTo(value)).willReturn(json(201, request("open", null))));
        state("open", null);
    }

    static ForgeStub github(String project, String token) {
        return new ForgeStub(false, project, token);
    }

    static ForgeStub gitlab(String project, String token) {
        return new ForgeStub(true, project, token);
    }

    /** The API's base URL, for the repository's api: key. */
    String api() {
        return server.baseUrl();
    }

    String webUrl() {
        return web;
    }

    /** From now on the request is merged as {@code commit}; listing the branch's requests finds it too. */
    void merged(String commit) {
        state(gitlab ? "merged" : "closed", commit);
    }

    /** Forgets the request: the next one is opened from {@code newBranch}, with the same number, and is open. */
    void reopenAs(String newBranch) {
        branch = newBranch;
        server.stubFor(get(urlPathEqualTo(base)).withHeader(header, WireMock.equalTo(value)).willReturn(json(200, "[]")));
        server.stubFor(post(urlPathEqualTo(base)).withHeader(header, WireMock.equalTo(value)).willReturn(json(201, request("open", null))));
        state("open", null);
    }

    /** From now on the request is closed without merging. */
    void closed() {
        state("closed", null);
    }

    /** The branch already has the request (an earlier run opened it). */
    void listed() {
        server.stubFor(get(urlPathEqualTo(base)).withHeader(header, WireMock.equalTo(value)).willReturn(json(200, "[" + request("open", null) + "]")));
    }

    private void state(String state, String mergeCommit) {
        server.stubFor(get(urlPathEqualTo(base + "/" + NUMBER)).withHeader(header, WireMock.equalTo(value)).willReturn(json(200, request(state, mergeCommit))));
    }

    List<LoggedRequest> opened() {
        return server.findAll(WireMock.postRequestedFor(urlPathEqualTo(base)));
    }

    List<LoggedRequest> all() {
        return server.findAll(WireMock.anyRequestedFor(WireMock.anyUrl()));
    }

    private String request(String state, String mergeCommit) {
        String sha = mergeCommit == null ? "null" : "\"" + mergeCommit + "\"";
        if (gitlab) {
            return """
                    {"id": 9012, "iid": %d, "project_id": 3, "title": "Promote shop", "state": "%s", "source_branch": "%s",
                     "target_branch": "main", "sha": "0123456789abcdef0123456789abcdef01234567", "merge_commit_sha": %s,
                     "squash_commit_sha": null, "web_url": "%s"}""".formatted(NUMBER, state, branch, sha, web);
        }
        return """
                {"url": "%s", "id": 1, "number": %d, "state": "%s", "title": "Promote shop", "html_url": "%s",
                 "head": {"ref": "%s", "sha": "0123456789abcdef0123456789abcdef01234567"}, "base": {"ref": "main"},
                 "merged": %s, "merge_commit_sha": %s}""".formatted(server.baseUrl() + base + "/" + NUMBER, NUMBER, state, web,
                branch, mergeCommit != null, sha);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Override
    public void close() {
        server.stop();
    }
}
