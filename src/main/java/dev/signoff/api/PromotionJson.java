package dev.signoff.api;

import dev.signoff.promotion.PromotionRequest;

import java.util.LinkedHashMap;
import java.util.Map;

/** A promotion as the JSON API shows it. */
final class PromotionJson {
    private PromotionJson() {
    }

    static Map<String, Object> of(PromotionRequest p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", p.id());
        json.put("kind", p.kind().name().toLowerCase());
        json.put("app", p.app());
        json.put("from", p.fromStage());
        json.put("to", p.toStage());
        json.put("source", p.source().toString());
        json.put("target", p.target().toString());
        json.put("digest", p.digest().toString());
        json.put("commit", p.commit());
        json.put("requestedBy", p.requestedBy());
        json.put("requestedAt", p.requestedAt().toString());
        json.put("expiresAt", p.expiresAt() == null ? null : p.expiresAt().toString());
        json.put("status", p.status().name());
        json.put("step", p.runningStep().map(s -> s.name()).orElse(null));
        json.put("statusReason", p.statusReason());
        json.put("requiredApprovals", p.requiredApprovals());
        json.put("breakGlass", p.breakGlass().map(glass -> {
            Map<String, Object> through = new LinkedHashMap<>();
            through.put("reason", glass.reason());
            through.put("freeze", glass.freeze());
            return through;
        }).orElse(null));
        json.put("votes", p.votes().stream().map(v -> {
            Map<String, Object> vote = new LinkedHashMap<>();
            vote.put("person", v.person());
            vote.put("decision", v.decision().name().toLowerCase());
            vote.put("digest", v.digest().toString());
            vote.put("reason", v.reason());
            vote.put("at", v.castAt().toString());
            return vote;
        }).toList());
        json.put("plan", p.plan());
        json.put("steps", p.steps().stream().map(s -> {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("name", s.name());
            step.put("state", s.state().name().toLowerCase());
            step.put("detail", s.detail());
            step.put("startedAt", s.startedAt() == null ? null : s.startedAt().toString());
            step.put("finishedAt", s.finishedAt() == null ? null : s.finishedAt().toString());
            return step;
        }).toList());
        json.put("updatedAt", p.updatedAt().toString());
        return json;
    }
}
