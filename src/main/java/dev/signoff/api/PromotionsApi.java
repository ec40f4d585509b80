package dev.signoff.api;

import dev.signoff.promotion.AppStatus;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.Refusal;
import dev.signoff.promotion.StageDeployment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/promotions}, {@code /api/promotions/{id}}, {@code /api/apps/{app}}. Loopback or token only. */
@RestController
class PromotionsApi {
    private static final int MAX_LIMIT = 500;

    private final Promotions promotions;

    PromotionsApi(Promotions promotions) {
        this.promotions = promotions;
    }

    @GetMapping("/api/promotions")
    ResponseEntity<?> list(@RequestParam(required = false) String app, @RequestParam(required = false) String stage,
                           @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return ResponseEntity.badRequest().body(Map.of("error", "limit must be between 1 and " + MAX_LIMIT));
        }
        List<PromotionRequest> found = app == null ? promotions.recent(limit) : promotions.history(app, stage, limit);
        return ResponseEntity.ok(found.stream().map(PromotionJson::of).toList());
    }

    @GetMapping("/api/promotions/{id}")
    ResponseEntity<?> one(@PathVariable String id) {
        return promotions.find(id).<ResponseEntity<?>>map(p -> ResponseEntity.ok(PromotionJson.of(p)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "there is no promotion '" + id + "'")));
    }

    @GetMapping("/api/apps/{app}")
    Map<String, Object> app(@PathVariable String app) {
        AppStatus status = promotions.status(app);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("app", app);
        json.put("stages", status.stages().stream().map(s -> {
            Map<String, Object> stage = new LinkedHashMap<>();
            stage.put("stage", s.stage().name());
            stage.put("image", s.stage().image().toString());
            StageDeployment current = s.current();
            stage.put("digest", current == null ? null : current.digest().toString());
            stage.put("kind", current == null ? null : current.kind().name().toLowerCase());
            stage.put("since", current == null ? null : current.since().toString());
            stage.put("promotedBy", current == null ? null : current.promotedBy());
            stage.put("promotionId", current == null ? null : current.promotionId());
            stage.put("locked", s.lock() == null ? null : Map.of("by", s.lock().holder(), "reason", String.valueOf(s.lock().reason())));
            stage.put("frozen", s.freeze() == null ? null : s.freeze().toString());
            stage.put("pending", s.pending().stream().map(PromotionRequest::id).toList());
            return stage;
        }).toList());
        return json;
    }

    @ExceptionHandler(Refusal.class)
    ResponseEntity<Map<String, String>> refused(Refusal r) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", r.getMessage()));
    }
}
