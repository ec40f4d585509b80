package dev.signoff.promotion.spi;

import java.time.Instant;
import java.util.List;

import dev.signoff.promotion.ImageRef;

/**
 * Records, in a form a cluster's admission policy can check, that people approved an image for a
 * stage: an in-toto statement signed by Signoff and attached to the image. Failures are
 * {@link StepFailure}s.
 */
public interface Attestations {

    /** The predicate type of Signoff's approval statements. */
    String APPROVAL_PREDICATE = "https://signoff.dev/attestations/approval/v1";

    /** One approval that counted, and when it was given. */
    record Approver(String person, Instant at) {
    }

    /**
     * What was approved: the image (pinned to its digest, where the stage now has it), the app and
     * stage, the promotion, who asked and when, who approved, the policy that was met
     * ({@code required} of {@code approvers}, self-approval allowed or not) and the gates passed.
     */
    record Approval(ImageRef image, String app, String stage, String promotionId, String requester, Instant requestedAt,
                    List<Approver> approvers, int required, List<String> eligible, boolean selfApproval, List<String> gates) {
        public Approval {
            approvers = List.copyOf(approvers);
            eligible = List.copyOf(eligible);
            gates = List.copyOf(gates);
        }
    }

    /** Attaches a signed approval attestation to the image; safe to call again for the same promotion. Answers the card's line. */
    String attest(Approval approval);
}
