package dev.signoff.kubernetes;

import dev.signoff.promotion.spi.Deployer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Signoff writes to a workload: the container image and the annotations that say why, so
 * {@code kubectl rollout history} and {@code kubectl describe} tell the story without Signoff.
 */
record Change(String image, Map<String, String> annotations) {
    static final String PROMOTION = "signoff.dev/promotion";
    static final String PREVIOUS_IMAGE = "signoff.dev/previous-image";
    static final String APPROVED_BY = "signoff.dev/approved-by";
    static final String REQUESTED_BY = "signoff.dev/requested-by";
    static final String CHANGE_CAUSE = "kubernetes.io/change-cause";

    static Change promote(String image, String previousImage, Deployer.DeployContext context) {
        Map<String, String> annotations = new LinkedHashMap<>();
        String approvers = context.approvers().isEmpty() ? "none needed" : String.join(", ", context.approvers());
        annotations.put(PROMOTION, context.promotionId());
        if (previousImage != null) {
            annotations.put(PREVIOUS_IMAGE, previousImage);
        }
        annotations.put(REQUESTED_BY, context.requestedBy());
        annotations.put(APPROVED_BY, approvers);
        annotations.put(CHANGE_CAUSE, "signoff promotion " + context.promotionId() + ": " + image
                + ", requested by " + context.requestedBy() + ", approved by " + approvers);
        return new Change(image, annotations);
    }

    /** Puts {@code image} back after {@code failedImage} failed to roll out in promotion {@code promotionId}. */
    static Change rollback(String image, String failedImage, String promotionId) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(PREVIOUS_IMAGE, failedImage);
        annotations.put(CHANGE_CAUSE, "signoff rollback to " + image
                + (promotionId != null ? " after promotion " + promotionId + " failed" : " after a failed rollout"));
        return new Change(image, annotations);
    }
}
