package dev.signoff.promotion;

import dev.signoff.promotion.spi.Builds;
import dev.signoff.promotion.spi.Deployments;
import dev.signoff.promotion.spi.ImageAttestations;
import dev.signoff.promotion.spi.ImageSignatures;
import dev.signoff.promotion.spi.StepFailure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A stage's gates, checked before its card is posted: evidence the digest must have (a passing
 * CI build, time in the previous stage, a signature, an attestation). Each gate that does not hold
 * is a {@link Refusal} that says why; the signature and attestation gates that hold say so on the card.
 */
final class GateChecks {
    private final Builds builds;
    private final Deployments deployments;
    private final Clock clock;
    private final ImageSignatures signatures;
    private final ImageAttestations attestations;

    GateChecks(Builds builds, Deployments deployments, Clock clock, ImageSignatures signatures, ImageAttestations attestations) {
        this.builds = builds;
        this.deployments = deployments;
        this.clock = clock;
        this.signatures = signatures;
        this.attestations = attestations;
    }

    /** Refuses the digest unless every gate of the stage holds; answers the card's words for the gates that checked the image itself. */
    List<String> check(AppConfig app, Stage stage, Stage previous, ImageRef source, Digest digest) {
        checkEvidence(app, stage, previous, digest);
        return Stream.of(checkSignature(stage, source, digest), checkAttestation(stage, source, digest)).filter(Objects::nonNull).toList();
    }

    /**
     * The signature gate: a cosign signature of the digest in the source repository that verifies
     * with one of the stage's keys. Answers the card's words, or null for a stage without the gate.
     */
    private String checkSignature(Stage stage, ImageRef source, Digest digest) {
        if (!stage.gates().requiresSignature()) {
            return null;
        }
        ImageSignatures.Verdict verdict;
        try {
            verdict = signatures.verify(source.withDigest(digest), stage.gates().signatureKeys(), stage.gates().keyless());
        } catch (StepFailure e) {
            throw new Refusal("Gate signature: I could not read the signatures of " + digest.shortForm() + ": " + e.getMessage());
        }
        if (!verdict.signed()) {
            throw new Refusal("Gate signature: " + verdict.text());
        }
        return verdict.text();
    }

    /**
     * The attestation gate: an in-toto attestation of the digest in the source repository, signed
     * with one of the stage's keys, of its predicate type and with its predicate fields. Answers the
     * card's words, or null for a stage without the gate.
     */
    private String checkAttestation(Stage stage, ImageRef source, Digest digest) {
        if (!stage.gates().requiresAttestation()) {
            return null;
        }
        ImageAttestations.Verdict verdict;
        try {
            verdict = attestations.verify(source.withDigest(digest), stage.gates().attestation());
        } catch (StepFailure e) {
            throw new Refusal("Gate attestation: I could not read the attestations of " + digest.shortForm() + ": " + e.getMessage());
        }
        if (!verdict.attested()) {
            throw new Refusal("Gate attestation: " + verdict.text());
        }
        return verdict.text();
    }

    private void checkEvidence(AppConfig app, Stage stage, Stage previous, Digest digest) {
        Gates gates = stage.gates();
        if (gates.ciPassed()) {
            Build build = builds.latestFor(app.name(), digest).orElseThrow(() -> new Refusal("Gate ci: no CI build is recorded for "
                    + digest.shortForm() + ", and " + stage.name() + " needs a passing one."));
            if (!build.success()) {
                throw new Refusal("Gate ci: the CI build of " + digest.shortForm() + " (commit " + build.commit() + ") failed.");
            }
        }
        if (gates.soak() != null && previous != null) {
            StageDeployment running = deployments.current(app.name(), previous.name())
                    .filter(d -> d.digest().equals(digest))
                    .orElseThrow(() -> new Refusal("Gate soak: " + digest.shortForm() + " does not run in " + previous.name()
                            + ", and " + stage.name() + " needs it to have run there for " + Durations.format(gates.soak()) + "."));
            Instant ready = running.since().plus(gates.soak());
            Instant now = clock.instant();
            if (now.isBefore(ready)) {
                throw new Refusal("Gate soak: " + digest.shortForm() + " has run in " + previous.name() + " for "
                        + Durations.format(Duration.between(running.since(), now).withNanos(0)) + "; " + stage.name()
                        + " needs " + Durations.format(gates.soak()) + " (ready in "
                        + Durations.format(Duration.ofMinutes((Duration.between(now, ready).toSeconds() + 59) / 60)) + ").");
            }
        }
    }
}
