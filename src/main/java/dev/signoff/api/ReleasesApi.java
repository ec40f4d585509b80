package dev.signoff.api;

import dev.signoff.promotion.ReleaseRequest;
import dev.signoff.promotion.Releases;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/releases/{id}}: a release with its members and the promotions that put members back. Loopback or token only. */
@RestController
class ReleasesApi {
    private final Releases releases;

    ReleasesApi(Releases releases) {
        this.releases = releases;
    }

    @GetMapping("/api/releases/{id}")
    ResponseEntity<?> one(@PathVariable String id) {
        return releases.find(id).<ResponseEntity<?>>map(r -> ResponseEntity.ok(json(r)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "there is no release '" + id + "'")));
    }

    private Map<String, Object> json(ReleaseRequest r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", r.id());
        json.put("name", r.name());
        json.put("stage", r.stage());
        json.put("requestedBy", r.requestedBy());
        json.put("requestedAt", r.requestedAt().toString());
        json.put("status", r.status().name());
        json.put("statusReason", r.statusReason());
        json.put("members", releases.members(r).stream().map(PromotionJson::of).toList());
        json.put("undos", releases.undos(r).stream().map(PromotionJson::of).toList());
        json.put("updatedAt", r.updatedAt().toString());
        return json;
    }
}
