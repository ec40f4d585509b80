package dev.signoff.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Gates;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.spi.ImageAttestations;

/**
 * The attestation gate. An image's attestations are DSSE envelopes, layers of media type
 * {@value CosignAttestations#DSSE}: in the manifest cosign tags {@code sha256-<hex>.att} beside
 * the image, and in the OCI 1.1 referrers of its digest (listed by the referrers API, else by the
 * referrers tag schema); and Sigstore bundles among those referrers ({@link SigstoreBundles}),
 * which may also be signed keyless by one of the gate's identities. One counts when {@link DsseEnvelopes} verifies it with one of the gate's
 * keys as an in-toto statement about this digest, its predicate type is the gate's, and its
 * predicate has each of the gate's fields as a string of that value. An envelope found in both
 * places (Signoff writes its own to both) is judged once.
 */
@Component
class AttestationGate implements ImageAttestations {
    /** SLSA provenance with its materials is a few hundred KB; anything far larger is not an attestation to read into memory. */
    private static final int MAX_ENVELOPE = 8 << 20;
    private static final JsonMapper JSON = JsonMapper.shared();

    private final RegistryClient registries;

    AttestationGate(RegistryClient registries) {
        this.registries = registries;
    }

    /** An envelope's layer, and where it was found ("in the .att tag", "referrer sha256:…"). */
    private record Found(Descriptor layer, String where) {
        String label() {
            return "Attestation " + layer.digest().shortForm() + " (" + where + ")";
        }
    }

    @Override
    public Verdict verify(ImageRef image, Gates.Attestation gate) {
        Digest digest = image.isPinned() ? image.digest() : registries.resolve(image);
        Store store = registries.store(image);
        List<Keys.Verifier> keys = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        for (String reference : gate.keys()) {
            try {
                keys.add(Keys.publicKey(reference, registries.settings().env()));
            } catch (IllegalArgumentException e) {
                unusable.add("Key " + reference + " cannot be used: " + e.getMessage() + ".");
            }
        }
        KeylessSignatures.Trust trust = null;
        if (gate.keyless() != null) {
            try {
                trust = KeylessSignatures.Trust.load(gate.keyless(), registries.settings().env());
            } catch (IllegalArgumentException e) {
                unusable.add("Identities " + String.join(", ", gate.keyless().identities().stream().map(Gates.Identity::toString).toList())
                        + " cannot be used: " + e.getMessage() + ".");
            }
        }
        String needs = "no attestation of " + digest.shortForm() + " counts: the stage needs " + gate.predicateType()
                + (gate.predicate().isEmpty() ? "" : " with " + fields(gate.predicate(), "'", " and ")) + ", signed with one of its "
                + (gate.keyless() == null ? "keys." : gate.keys().isEmpty() ? "identities." : "keys or identities.");
        if (keys.isEmpty() && trust == null) {
            return new Verdict(false, needs + " " + String.join(" ", unusable));
        }
        List<Found> found;
        List<SigstoreBundles.Found> bundles;
        try {
            found = find(store, digest);
            bundles = SigstoreBundles.find(store, digest);
        } catch (IllegalArgumentException e) {
            return new Verdict(false, digest.shortForm() + " has no readable attestation: " + e.getMessage() + ".");
        }
        if (found.isEmpty() && bundles.isEmpty()) {
            return new Verdict(false, digest.shortForm() + " has no attestation (no DSSE envelope in the tag " + Attachments.tag(digest, ".att")
                    + ", and no DSSE envelope or Sigstore bundle among the referrers of the image in " + store.describe() + ")."
                    + (unusable.isEmpty() ? "" : " " + String.join(" ", unusable)));
        }
        List<String> why = new ArrayList<>();
        for (Found envelope : found) {
            String reason;
            try {
                if (keys.isEmpty()) {
                    throw new IllegalArgumentException("a DSSE envelope is checked with the gate's keys, and it has none that can be used"
                            + " (keyless attestations are read from Sigstore bundles)");
                }
                DsseEnvelopes.Verified verified = DsseEnvelopes.verify(read(store, envelope.layer()), keys, digest);
                reason = judge(verified.statement(), verified.signer().describe(), gate);
                if (reason == null) {
                    return attested(gate, "key " + verified.signer().fingerprint());
                }
            } catch (IllegalArgumentException e) {
                reason = e.getMessage();
            }
            why.add(envelope.label() + ": " + reason + ".");
        }
        for (SigstoreBundles.Found bundle : bundles) {
            String reason;
            try {
                SigstoreBundles.Verified verified = SigstoreBundles.verify(SigstoreBundles.read(store, bundle.layer()), keys, trust, digest,
                        () -> store.manifest(digest.toString()).bytes());
                SigstoreBundles.Signer signer = verified.signer();
                reason = verified.statement() == null ? "a valid message signature of this image by " + signer.describe() + ", not an attestation"
                        : judge(verified.statement(), signer.key() != null ? signer.key().describe() : signer.describe(), gate);
                if (reason == null) {
                    return attested(gate, signer.describe());
                }
            } catch (IllegalArgumentException e) {
                reason = e.getMessage();
            }
            why.add(bundle.label() + ": " + reason + ".");
        }
        why.addAll(unusable);
        return new Verdict(false, needs + " " + String.join(" ", why));
    }

    /** "attested: approval/v1 by key sha256:1a2b3c4d5e6f7a8b (stage test)". */
    private static Verdict attested(Gates.Attestation gate, String by) {
        return new Verdict(true, "attested: " + shortType(gate.predicateType()) + " by " + by
                + (gate.predicate().isEmpty() ? "" : " (" + fields(gate.predicate(), "", ", ") + ")"));
    }

    /** Null when the verified statement meets the gate; otherwise why not, in one sentence. */
    private static String judge(DsseEnvelopes.Statement statement, String signer, Gates.Attestation gate) {
        String valid = "a valid attestation of this image by " + signer;
        if (!statement.predicateType().equals(gate.predicateType())) {
            return valid + ", but of predicate type '" + statement.predicateType() + "', not " + gate.predicateType();
        }
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, String> field : gate.predicate().entrySet()) {
            JsonNode value = statement.predicate().path(field.getKey());
            if (value.isMissingNode() || value.isNull()) {
                mismatches.add("its predicate has no " + field.getKey() + " (the stage needs '" + field.getValue() + "')");
            } else if (!value.isString() || !value.stringValue().equals(field.getValue())) {
                mismatches.add("its predicate's " + field.getKey() + " is " + (value.isString() ? "'" + value.stringValue() + "'" : value.toString())
                        + ", not '" + field.getValue() + "'");
            }
        }
        return mismatches.isEmpty() ? null : valid + ", but " + String.join(", and ", mismatches);
    }

    /** "stage test, app shop", or with {@code quote} "'" and {@code separator} " and ": "stage 'test' and app 'shop'". */
    private static String fields(Map<String, String> predicate, String quote, String separator) {
        return String.join(separator, predicate.entrySet().stream().map(f -> f.getKey() + " " + quote + f.getValue() + quote).toList());
    }

    /** "approval/v1" for https://signoff.dev/attestations/approval/v1: the last two parts of the URI, enough to tell types apart on a card. */
    private static String shortType(String predicateType) {
        String[] parts = predicateType.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "").split("/");
        List<String> named = java.util.Arrays.stream(parts).filter(p -> !p.isEmpty()).toList();
        return named.size() < 2 ? predicateType : named.get(named.size() - 2) + "/" + named.getLast();
    }

    /** The DSSE layers of the .att manifest, then those of each referrer, each envelope once. */
    private static List<Found> find(Store store, Digest digest) {
        List<Found> found = new ArrayList<>();
        Set<Digest> seen = new LinkedHashSet<>();
        Optional<Digest> att = store.find(Attachments.tag(digest, ".att"));
        if (att.isPresent()) {
            envelopes(store.manifest(att.get().toString())).stream().filter(layer -> seen.add(layer.digest()))
                    .forEach(layer -> found.add(new Found(layer, "in the .att tag")));
        }
        for (JsonNode descriptor : Attachments.referrers(store, digest).listed()) {
            Digest referrer = Digest.parse(descriptor.path("digest").asString(""));
            envelopes(store.manifest(referrer.toString())).stream().filter(layer -> seen.add(layer.digest()))
                    .forEach(layer -> found.add(new Found(layer, "referrer " + referrer.shortForm())));
        }
        return found;
    }

    private static List<Descriptor> envelopes(Manifest manifest) {
        List<Descriptor> layers = new ArrayList<>();
        try {
            for (JsonNode layer : JSON.readTree(manifest.bytes()).path("layers").values()) {
                if (CosignAttestations.DSSE.equals(layer.path("mediaType").asString(""))) {
                    layers.add(new Descriptor(Digest.parse(layer.path("digest").asString("")), layer.path("size").asLong(-1), CosignAttestations.DSSE));
                }
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the manifest " + manifest.digest().shortForm() + " is not JSON", e);
        }
        return layers;
    }

    /** The envelope's bytes, checked against the digest its manifest lists for them. */
    private static byte[] read(Store store, Descriptor layer) {
        Store.Opened opened = store.openBlob(layer);
        byte[] bytes;
        try (InputStream in = opened.in()) {
            bytes = in.readNBytes(MAX_ENVELOPE + 1);
        } catch (IOException e) {
            throw store.failure("reading attestation " + layer.digest().shortForm() + ": " + e, true, e);
        }
        if (bytes.length > MAX_ENVELOPE) {
            throw new IllegalArgumentException("it is larger than 8 MB, more than an attestation Signoff reads");
        }
        Digest actual = Manifest.digestOf(bytes, layer.digest().algorithm());
        if (!actual.equals(layer.digest())) {
            throw new IllegalArgumentException("the attestation was changed after it was attached: its bytes have digest " + actual.shortForm()
                    + ", not the " + layer.digest().shortForm() + " its manifest lists");
        }
        return bytes;
    }
}
