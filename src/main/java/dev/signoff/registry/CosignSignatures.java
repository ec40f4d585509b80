package dev.signoff.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
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
import dev.signoff.promotion.spi.ImageSignatures;

/**
 * The signature gate over cosign's key-based signatures. cosign keeps an image's signatures in
 * the manifest tagged {@code sha256-<hex>.sig} beside it: one layer of media type
 * {@value #SIMPLESIGNING} per signature, whose bytes are the signed payload (simple signing JSON)
 * and whose annotation {@value #SIGNATURE} holds the base64 signature over exactly those bytes.
 * A signature counts when it verifies with one of the keys and its payload names this digest
 * ({@code critical.image.docker-manifest-digest}) as a {@code critical.type} of
 * {@value #TYPE}. With a stage's identities, a keyless signature counts too: see
 * {@link KeylessSignatures}. cosign 3 instead pushes a Sigstore bundle as an OCI 1.1 referrer of
 * the digest: one counts when it is a signature of this image by a key or an identity, see
 * {@link SigstoreBundles}.
 */
@Component
class CosignSignatures implements ImageSignatures {
    static final String SIMPLESIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
    static final String SIGNATURE = "dev.cosignproject.cosign/signature";
    static final String TYPE = "cosign container image signature";
    /** A simple-signing payload is a few hundred bytes; anything far larger is not one. */
    private static final int MAX_PAYLOAD = 1 << 20;

    private final RegistryClient registries;

    CosignSignatures(RegistryClient registries) {
        this.registries = registries;
    }

    @Override
    public Verdict verify(ImageRef image, List<String> keys, Gates.Keyless keyless) {
        Digest digest = image.isPinned() ? image.digest() : registries.resolve(image);
        Store store = registries.store(image);
        List<Keys.Verifier> verifiers = new ArrayList<>();
        Map<String, Set<String>> why = new LinkedHashMap<>();
        for (String reference : keys) {
            try {
                Keys.Verifier verifier = Keys.publicKey(reference, registries.settings().env());
                verifiers.add(verifier);
                why.put(verifier.describe(), new LinkedHashSet<>());
            } catch (IllegalArgumentException e) {
                why.put("key " + reference, new LinkedHashSet<>(List.of("cannot be used: " + e.getMessage())));
            }
        }
        KeylessSignatures.Trust trust = null;
        String identities = keyless == null ? null
                : "identities " + String.join(", ", keyless.identities().stream().map(Gates.Identity::toString).toList());
        if (keyless != null) {
            why.put(identities, new LinkedHashSet<>());
            try {
                trust = KeylessSignatures.Trust.load(keyless, registries.settings().env());
            } catch (IllegalArgumentException e) {
                why.get(identities).add("cannot be used: " + e.getMessage());
            }
        }
        String tag = Attachments.tag(digest, ".sig");
        Optional<Digest> signatures = store.find(tag);
        List<Layer> layers = List.of();
        if (signatures.isPresent()) {
            try {
                layers = layers(store.manifest(signatures.get().toString()));
            } catch (IllegalArgumentException e) {
                return new Verdict(false, digest.shortForm() + " has no readable cosign signature: " + e.getMessage());
            }
        }
        for (Layer layer : layers) {
            String problem = null;
            byte[] payload = null;
            byte[] signature = null;
            try {
                payload = payload(store, layer.descriptor());
                signature = Base64.getDecoder().decode(layer.signature());
                if (signature.length == 0) {
                    problem = "a signature layer has no " + SIGNATURE + " annotation";
                }
            } catch (IllegalArgumentException e) {
                problem = e.getMessage() != null && e.getMessage().startsWith("the signed payload") ? e.getMessage()
                        : "a signature annotation is not base64";
            }
            for (Keys.Verifier verifier : verifiers) {
                String reason = problem != null ? problem : judge(verifier, payload, signature, digest);
                if (reason == null) {
                    return new Verdict(true, "signed (key " + verifier.fingerprint() + ")");
                }
                why.get(verifier.describe()).add(reason);
            }
            if (trust != null) {
                KeylessSignatures.Outcome outcome = problem != null ? KeylessSignatures.Outcome.refused(problem)
                        : KeylessSignatures.judge(trust, layer.keyless(), payload, signature, digest);
                if (outcome.reason() == null) {
                    return new Verdict(true, "signed (keyless: " + outcome.signer() + ")");
                }
                why.get(identities).add(outcome.reason());
            }
        }
        // bundles are looked up only when no signature beside the image holds: cosign 2's signatures cost no referrers request
        List<SigstoreBundles.Found> bundles;
        try {
            bundles = SigstoreBundles.find(store, digest);
        } catch (IllegalArgumentException e) {
            return new Verdict(false, digest.shortForm() + " has no readable Sigstore bundle: " + e.getMessage());
        }
        if (layers.isEmpty() && bundles.isEmpty()) {
            return new Verdict(false, digest.shortForm() + " has no cosign signature (" + (signatures.isEmpty() ? "no tag " + tag
                    + " and no Sigstore bundle among the referrers of the image in " + store.describe() : tag + " holds no simple-signing layer") + ")");
        }
        List<String> tried = new ArrayList<>();
        why.forEach((key, reasons) -> {
            if (!reasons.isEmpty()) {
                tried.add(key + ": " + String.join("; ", reasons) + ".");
            }
        });
        for (SigstoreBundles.Found bundle : bundles) {
            Verdict verdict = judge(store, bundle, verifiers, trust, digest);
            if (verdict.signed()) {
                return verdict;
            }
            tried.add(bundle.label() + ": " + verdict.text() + ".");
        }
        return new Verdict(false, "no signature of " + digest.shortForm() + " verifies with the stage's "
                + (keyless == null ? "keys" : keys.isEmpty() ? "identities" : "keys or identities") + ". " + String.join(" ", tried));
    }

    /**
     * Passed, with the card's "signed (…)", when the Sigstore bundle is a signature of this image (a DSSE
     * statement of type {@value Attachments#COSIGN_SIGN_PREDICATE}, or a message signature of its
     * manifest) by one of the keys or identities; otherwise failed, saying why not.
     */
    private static Verdict judge(Store store, SigstoreBundles.Found bundle, List<Keys.Verifier> keys, KeylessSignatures.Trust trust, Digest digest) {
        try {
            SigstoreBundles.Verified verified = SigstoreBundles.verify(SigstoreBundles.read(store, bundle.layer()), keys, trust, digest,
                    () -> store.manifest(digest.toString()).bytes());
            if (verified.statement() == null || verified.statement().predicateType().equals(Attachments.COSIGN_SIGN_PREDICATE)) {
                return new Verdict(true, "signed (" + verified.signer().describe() + ")");
            }
            return new Verdict(false, "a valid bundle of this image by " + verified.signer().describe() + ", but an attestation of predicate type '"
                    + verified.statement().predicateType() + "', not a signature (" + Attachments.COSIGN_SIGN_PREDICATE + ")");
        } catch (IllegalArgumentException e) {
            return new Verdict(false, e.getMessage());
        }
    }

    /** Null when the signature holds; otherwise why not, in a sentence of its own for each way it can fail. */
    static String judge(Keys.Verifier verifier, byte[] payload, byte[] signature, Digest digest) {
        if (!verifier.verifies(payload, signature)) {
            return "the signature was not made with this key";
        }
        JsonNode critical;
        try {
            critical = JsonMapper.shared().readTree(payload).path("critical");
        } catch (JacksonException e) {
            return "a valid signature, but its payload is not JSON";
        }
        String signed = critical.path("image").path("docker-manifest-digest").asString("");
        if (!signed.equals(digest.toString())) {
            return "a valid signature, but of another image (" + (Digest.isDigest(signed) ? Digest.parse(signed).shortForm() : "'" + signed + "'") + ")";
        }
        String type = critical.path("type").asString("");
        if (!type.equals(TYPE)) {
            return "a valid signature of this image, but of type '" + type + "', not '" + TYPE + "'";
        }
        return null;
    }

    /** The layer's bytes, checked against the digest the signature manifest lists for them. */
    private static byte[] payload(Store store, Descriptor layer) {
        Store.Opened opened = store.openBlob(layer);
        byte[] bytes;
        try (InputStream in = opened.in()) {
            bytes = in.readNBytes(MAX_PAYLOAD + 1);
        } catch (IOException e) {
            throw store.failure("reading signature payload " + layer.digest().shortForm() + ": " + e, true, e);
        }
        if (bytes.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("the signed payload " + layer.digest().shortForm() + " is larger than 1 MB: not a simple-signing payload");
        }
        Digest actual = Manifest.digestOf(bytes, layer.digest().algorithm());
        if (!actual.equals(layer.digest())) {
            throw new IllegalArgumentException("the signed payload was changed after signing: its bytes have digest " + actual.shortForm()
                    + ", not the " + layer.digest().shortForm() + " the signature manifest lists");
        }
        return bytes;
    }

    /** One signature: its payload's descriptor, the base64 signature from its annotation ("" when it has none) and its keyless parts. */
    private record Layer(Descriptor descriptor, String signature, KeylessSignatures.Parts keyless) {
    }

    /** The simple-signing layers, in order (two signatures of one image may share a payload, so never keyed by digest). */
    private static List<Layer> layers(Manifest manifest) {
        List<Layer> layers = new ArrayList<>();
        try {
            for (JsonNode layer : JsonMapper.shared().readTree(manifest.bytes()).path("layers").values()) {
                if (SIMPLESIGNING.equals(layer.path("mediaType").asString(""))) {
                    JsonNode annotations = layer.path("annotations");
                    layers.add(new Layer(new Descriptor(Digest.parse(layer.path("digest").asString()), layer.path("size").asLong(-1), SIMPLESIGNING),
                            annotations.path(SIGNATURE).asString(""), new KeylessSignatures.Parts(annotations.path(KeylessSignatures.CERTIFICATE).asString(""),
                            annotations.path(KeylessSignatures.CHAIN).asString(""), annotations.path(RekorBundles.ANNOTATION).asString(""))));
                }
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the signature manifest " + manifest.digest().shortForm() + " is not JSON", e);
        }
        return layers;
    }
}
