package dev.signoff.ci;

import dev.signoff.ci.Notification.CiRun;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;

/**
 * Signoff's own format, for any CI that can run curl:
 * {@code {"app","image","commit","branch","status":"success|failure","url","message"}} (and an
 * optional {@code "run"}), signed with {@code X-Signoff-Signature: sha256=<hex HMAC-SHA256 of the body>};
 * the delivery id is {@code X-Signoff-Delivery}, else the body's sha256. {@code image} is a tag,
 * a digest or a full reference in the app's first stage repository; without it the app's
 * {@code source.tag} template names the image.
 */
@Component
class GenericSource implements HookSource {
    private static final Set<String> FIELDS = Set.of("app", "image", "commit", "branch", "status", "url", "message", "run");
    private static final Map<String, Boolean> STATUSES = Map.of("success", true, "failure", false);

    @Override
    public String name() {
        return "generic";
    }

    @Override
    public boolean authentic(HookRequest request, byte[] secret) {
        return Signatures.hmacSha256Matches(request.header("X-Signoff-Signature"), request.body(), secret);
    }

    @Override
    public Parsed parse(HookRequest request) {
        JsonNode json = request.json();
        for (String field : json.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new MalformedHook("'" + field + "' is not a field of the generic format; the fields are app, image, commit, branch, status, url, message, run");
            }
            JsonNode value = json.get(field);
            if (!value.isNull() && !value.isString() && !(field.equals("run") && value.isIntegralNumber())) {
                throw new MalformedHook("'" + field + "' must be a string");
            }
        }
        String status = Json.required(json, "status");
        Boolean success = STATUSES.get(status);
        if (success == null) {
            throw new MalformedHook("'status' must be success or failure, not '" + status + "'");
        }
        return Parsed.of(new CiRun(request.deliveryId("X-Signoff-Delivery"), Json.required(json, "app"), null,
                Json.text(json, "commit"), Json.text(json, "branch"), Json.text(json, "run"), success, Json.text(json, "url"),
                Json.firstLine(Json.text(json, "message")), Json.text(json, "image")));
    }
}
