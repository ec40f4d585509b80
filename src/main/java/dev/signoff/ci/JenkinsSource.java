package dev.signoff.ci;

import dev.signoff.ci.Notification.CiRun;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The Jenkins Notification plugin's JSON (format JSON, protocol HTTP). It cannot sign, so the
 * secret comes as the header {@code X-Signoff-Token} or in the URL ({@code /hooks/jenkins?token=…}).
 * A build that completed SUCCESS is a passing CI run of the job {@code name}; FAILURE and
 * UNSTABLE fail; other phases and results are not reported. The plugin sends COMPLETED and
 * FINALIZED for one build: the delivery id is {@code <job>#<build number>}, so the second is a duplicate.
 */
@Component
class JenkinsSource implements HookSource {

    @Override
    public String name() {
        return "jenkins";
    }

    @Override
    public boolean authentic(HookRequest request, byte[] secret) {
        String token = request.header("X-Signoff-Token");
        return Signatures.tokenMatches(token != null ? token : request.query("token"), secret);
    }

    @Override
    public Parsed parse(HookRequest request) {
        JsonNode json = request.json();
        String job = Json.required(json, "name");
        JsonNode build = Json.object(json, "build");
        String phase = Json.required(build, "phase");
        if (!phase.equals("COMPLETED") && !phase.equals("FINALIZED")) {
            return Parsed.ignored("build phase " + phase + ": only finished builds are reported");
        }
        String result = Json.text(build, "status");
        boolean success;
        if ("SUCCESS".equals(result)) {
            success = true;
        } else if ("FAILURE".equals(result) || "UNSTABLE".equals(result)) {
            success = false;
        } else {
            return Parsed.ignored("build result " + result + ", neither success nor failure");
        }
        String number = Json.required(build, "number");
        return Parsed.of(new CiRun(job + "#" + number, null, job, Json.text(build, "scm", "commit"),
                branch(Json.text(build, "scm", "branch")), number, success, Json.text(build, "full_url"), null, null));
    }

    /** Jenkins reports the remote branch: {@code origin/main} or {@code refs/heads/main} → {@code main}. */
    static String branch(String scmBranch) {
        if (scmBranch == null) {
            return null;
        }
        if (scmBranch.startsWith("refs/heads/")) {
            return scmBranch.substring("refs/heads/".length());
        }
        return scmBranch.startsWith("origin/") ? scmBranch.substring("origin/".length()) : scmBranch;
    }
}
