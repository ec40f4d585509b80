package dev.signoff.api;

import dev.signoff.promotion.AuditEntry;
import dev.signoff.promotion.spi.AuditLog;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code GET /api/audit[?promotion=…&limit=…]}: the audit log as JSON lines, oldest first. Loopback or token only. */
@RestController
class AuditExport {
    private static final int MAX_LIMIT = 100_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditLog audit;

    AuditExport(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping(value = "/api/audit", produces = "application/x-ndjson")
    ResponseEntity<String> export(@RequestParam(required = false) String promotion,
                                  @RequestParam(defaultValue = "10000") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                    .body("{\"error\":\"limit must be between 1 and " + MAX_LIMIT + "\"}");
        }
        String lines = audit.entries(promotion, limit).stream().map(AuditExport::line).collect(Collectors.joining());
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-ndjson")).body(lines);
    }

    private static String line(AuditEntry e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", e.at().toString());
        json.put("actor", e.actor());
        json.put("action", e.action());
        json.put("app", e.app());
        json.put("stage", e.stage());
        json.put("promotion", e.promotionId());
        json.put("digest", e.digest());
        json.put("outcome", e.outcome());
        json.put("detail", e.detail());
        return JSON.writeValueAsString(json) + "\n";
    }
}
