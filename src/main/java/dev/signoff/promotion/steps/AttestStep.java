package dev.signoff.promotion.steps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.signoff.promotion.Gates;
import dev.signoff.promotion.Stage;
import dev.signoff.promotion.Step;
import dev.signoff.promotion.spi.Attestations;
import dev.signoff.promotion.spi.ProgressListener;

/**
 * After the copy, into a stage with {@code attest: true}: attaches Signoff's signed approval
 * attestation (who asked, who approved and when, the policy met, the gates passed) to the image
 * where the stage has it. Running it again finds the attestation there and adds nothing. The
 * attestation is not removed when a later step fails: the approval it records did happen.
 */
@Component
class AttestStep implements StepKind {
    private final Attestations attestations;

    AttestStep(Attestations attestations) {
        this.attestations = attestations;
    }

    @Override
    public String name() {
        return "attest";
    }

    @Override
    public String describe(StepContext step) {
        return "attesting the approval of " + step.pinnedTarget();
    }

    @Override
    public String run(StepContext step, ProgressListener progress) {
        var p = step.promotion();
        var policy = step.stage().approvalFor(p);
        List<Attestations.Approver> approvers = p.votes().stream().filter(v -> v.approves() && v.digest().equals(p.digest()))
                .map(v -> new Attestations.Approver(v.person(), v.castAt())).toList();
        return attestations.attest(new Attestations.Approval(step.pinnedTarget(), p.app(), p.toStage(), p.id(), p.requestedBy(), p.requestedAt(),
                approvers, policy.required(), policy.approvers(), policy.selfApproval(), gatesPassed(step)));
    }

    /** "ci: passed", "soak: 30m", "signature: signed (key …)", "attestation: attested: …": the stage's gates, each of which held for this promotion. */
    private static List<String> gatesPassed(StepContext step) {
        Stage stage = step.stage();
        Gates gates = stage.gates();
        List<String> passed = new ArrayList<>();
        if (gates.ciPassed()) {
            passed.add("ci: passed");
        }
        if (gates.soak() != null) {
            passed.add("soak: " + format(gates.soak()));
        }
        if (gates.requiresSignature()) {
            passed.add("signature: " + step.promotion().finishedStep("verify signature").map(Step::detail).orElse("signed"));
        }
        if (gates.requiresAttestation()) {
            passed.add("attestation: " + step.promotion().finishedStep("verify attestation").map(Step::detail).orElse("attested"));
        }
        return passed;
    }

    private static String format(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }
}
