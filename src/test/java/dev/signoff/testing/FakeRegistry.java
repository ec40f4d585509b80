package dev.signoff.testing;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Gates;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.spi.Attestations;
import dev.signoff.promotion.spi.ImageAttestations;
import dev.signoff.promotion.spi.ImageRegistry;
import dev.signoff.promotion.spi.ImageSignatures;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tags and the digests they point at, in memory; copies move the tag. Failures can be injected.
 * A digest is signed by the key reference (or, keyless, the identity "subject via issuer") in
 * {@link #signedWith}; an attestation is recorded in {@link #attested}. A digest carries an
 * attestation of the predicate type and stage in {@link #attestedWith}, signed by its key reference.
 */
public class FakeRegistry implements ImageRegistry, ImageSignatures, ImageAttestations, Attestations {
    public final Map<String, Digest> tags = new HashMap<>();
    public final Map<Digest, String> signedWith = new java.util.concurrent.ConcurrentHashMap<>();
    public final Map<Digest, Attested> attestedWith = new java.util.concurrent.ConcurrentHashMap<>();
    public final List<Approval> attested = new java.util.concurrent.CopyOnWriteArrayList<>();
    public final List<String> copies = new ArrayList<>();
    public final List<String> deleted = new ArrayList<>();
    public volatile String failCopyWith;
    private volatile Runnable blockCopies;

    public synchronized void push(String ref, Digest digest) {
        tags.put(ref, digest);
    }

    @Override
    public synchronized Digest resolve(ImageRef image) {
        if (image.isPinned()) {
            return image.digest();
        }
        Digest d = tags.get(image.toString());
        if (d == null) {
            throw new StepFailure("registry " + image.registry() + ", repository " + image.repository() + ": tag " + image.tag() + " not found", false);
        }
        return d;
    }

    @Override
    public String copy(ImageRef source, ImageRef target, ProgressListener progress) {
        if (blockCopies != null) {
            try {
                blockCopies.run();
            } catch (SlowCopy slow) {
                for (int i = 0; i < 1000; i++) {
                    progress.progress(i + " MB of 1000 MB");
                    progress.checkStopped();
                    sleep(10);
                }
                synchronized (this) {
                    return copied(source, target, progress);
                }
            }
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailure("copy interrupted", true);
            }
        }
        synchronized (this) {
            return copied(source, target, progress);
        }
    }

    /**
     * From now on a copy calls {@code started}, then reports progress and asks whether to stop
     * every 10 ms for up to 10 s before it writes the tag, as the real copy does between blobs.
     */
    public void slowCopies(Runnable started) {
        this.blockCopies = () -> {
            started.run();
            throw new SlowCopy();
        };
    }

    private static final class SlowCopy extends RuntimeException {
    }

    /** From now on a copy calls {@code started} and then never ends (until interrupted). */
    public void blockCopies(Runnable started) {
        this.blockCopies = started;
    }

    private String copied(ImageRef source, ImageRef target, ProgressListener progress) {
        if (failCopyWith != null) {
            throw new StepFailure(failCopyWith, true);
        }
        progress.progress("1 MB of 2 MB");
        copies.add(source + " -> " + target);
        tags.put(target.toString(), source.digest());
        return "copied";
    }

    @Override
    public ImageSignatures.Verdict verify(ImageRef image, List<String> keys, Gates.Keyless keyless) {
        String key = signedWith.get(image.digest());
        if (key != null && keys.contains(key)) {
            return new ImageSignatures.Verdict(true, "signed (key " + key + ")");
        }
        if (key != null && keyless != null && keyless.identities().stream().anyMatch(identity -> identity.toString().equals(key))) {
            return new ImageSignatures.Verdict(true, "signed (keyless: " + key + ")");
        }
        return new ImageSignatures.Verdict(false, "no signature of " + image.digest().shortForm() + " verifies with the stage's keys. "
                + String.join(". ", keys.stream().map(k -> "key " + k + ": " + (key == null ? "no signature" : "the signature was not made with this key")).toList()) + ".");
    }

    /** An attestation of {@code predicateType} with the predicate field {@code stage}, signed by {@code key}. */
    public record Attested(String key, String predicateType, String stage) {
    }

    @Override
    public ImageAttestations.Verdict verify(ImageRef image, Gates.Attestation gate) {
        Attested found = attestedWith.get(image.digest());
        String wanted = gate.predicate().get("stage");
        if (found == null) {
            return new ImageAttestations.Verdict(false, image.digest().shortForm() + " has no attestation.");
        }
        if (!gate.keys().contains(found.key()) || !found.predicateType().equals(gate.predicateType()) || wanted != null && !wanted.equals(found.stage())) {
            return new ImageAttestations.Verdict(false, "no attestation of " + image.digest().shortForm() + " counts: an attestation of "
                    + found.predicateType() + " for stage " + found.stage() + " by key " + found.key() + ".");
        }
        return new ImageAttestations.Verdict(true, "attested: " + found.predicateType() + " by key " + found.key() + " (stage " + found.stage() + ")");
    }

    @Override
    public String attest(Approval approval) {
        attested.add(approval);
        return "attested: approved by " + String.join(", ", approval.approvers().stream().map(Approver::person).toList());
    }

    @Override
    public synchronized void deleteTag(ImageRef image) {
        deleted.add(image.toString());
        tags.remove(image.toString());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure("interrupted", true);
        }
    }
}
