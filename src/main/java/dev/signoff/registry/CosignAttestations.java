package dev.signoff.registry;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.spi.Attestations;
import dev.signoff.promotion.spi.StepFailure;

/**
 * Signoff's approval attestations, in the format {@code cosign attest} writes and
 * {@code cosign verify-attestation} and Kyverno read: an in-toto Statement v1 about the image's
 * digest, with predicate type {@value Attestations#APPROVAL_PREDICATE}, in a DSSE envelope signed
 * (over DSSE's pre-authentication encoding) with the key {@code signoff.attestations.key}, as a
 * layer of media type {@value #DSSE} of the manifest tagged {@code sha256-<hex>.att}, with the
 * layer annotations cosign writes ({@value CosignSignatures#SIGNATURE} empty, {@code predicateType}).
 * Attestations already there (copied with the image, or from earlier stages) are kept: the new
 * manifest lists their layers as they were, then the new one.
 */
@Component
class CosignAttestations implements Attestations {
    static final String DSSE = "application/vnd.dsse.envelope.v1+json";
    static final String IN_TOTO = "application/vnd.in-toto+json";
    static final String STATEMENT = "https://in-toto.io/Statement/v1";
    /** Marks Signoff's layer with the promotion it attests, so that a second run finds it. */
    static final String PROMOTION_ANNOTATION = "dev.signoff/promotion";
    private static final JsonMapper JSON = JsonMapper.shared();
    /** The OCI empty descriptor's content, the config of an artifact that has none. */
    private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

    private final RegistryClient registries;
    private final PipelineConfig config;
    private final String keyReference;

    CosignAttestations(RegistryClient registries, PipelineConfig config, @Value("${signoff.attestations.key:}") String keyReference) {
        this.registries = registries;
        this.config = config;
        this.keyReference = keyReference == null || keyReference.isBlank() ? null : keyReference.trim();
        config.apps().values().stream().flatMap(app -> app.stages().stream().filter(s -> s.attest()).map(s -> "apps." + app.name() + " stage " + s.name()))
                .findFirst().ifPresent(stage -> {
                    if (this.keyReference == null) {
                        throw new IllegalStateException(stage + " has attest: true, but signoff.attestations.key is not set; "
                                + "set it to file:/path/to/key.pem or env:VARIABLE (a PEM private key, PKCS#8)");
                    }
                    privateKey();
                });
    }

    @Override
    public String attest(Approval approval) {
        return attest(approval, registries.store(approval.image()), subjectName(approval.image()));
    }

    /**
     * Writes the attestation into the store: the blobs, then (where the store has the referrers
     * API) the same envelope as an OCI 1.1 referrer of the image, then the {@code .att} manifest,
     * whose layer for this promotion is what a second run looks for.
     */
    String attest(Approval approval, Store store, String subjectName) {
        Digest digest = approval.image().digest();
        String tag = Attachments.tag(digest, ".att");
        Optional<Digest> existing = store.find(tag);
        List<JsonNode> layers = new ArrayList<>();
        if (existing.isPresent()) {
            for (JsonNode layer : JSON.readTree(store.manifest(existing.get().toString()).bytes()).path("layers").values()) {
                if (approval.promotionId().equals(layer.path("annotations").path(PROMOTION_ANNOTATION).asString(null))) {
                    return "already attested (" + tag + ")";
                }
                layers.add(layer);
            }
        }
        byte[] envelope = envelope(statement(approval, subjectName), privateKey());
        Map<Digest, byte[]> blobs = new LinkedHashMap<>();
        Digest envelopeDigest = Digest.sha256Of(envelope);
        blobs.put(envelopeDigest, envelope);
        ObjectNode layer = JSON.createObjectNode();
        layer.put("mediaType", DSSE);
        layer.put("size", envelope.length);
        layer.put("digest", envelopeDigest.toString());
        ObjectNode annotations = layer.putObject("annotations");
        annotations.put(CosignSignatures.SIGNATURE, "");
        annotations.put("predicateType", APPROVAL_PREDICATE);
        annotations.put(PROMOTION_ANNOTATION, approval.promotionId());
        layers.add(layer);
        byte[] configBlob = config(layers);
        blobs.put(Digest.sha256Of(configBlob), configBlob);
        Optional<List<JsonNode>> referrers = store.referrers(digest);
        boolean asReferrer = referrers.isPresent() && referrers.get().stream()
                .noneMatch(r -> approval.promotionId().equals(r.path("annotations").path(PROMOTION_ANNOTATION).asString(null)));
        if (asReferrer) {
            blobs.put(Digest.sha256Of(EMPTY), EMPTY);
        }
        try (Store.Held held = store.writing()) {
            Store from = new BytesStore(blobs);
            Progress quiet = new Progress(dev.signoff.promotion.spi.ProgressListener.NONE, 0, 0, Long.MAX_VALUE);
            for (Map.Entry<Digest, byte[]> blob : blobs.entrySet()) {
                Descriptor descriptor = new Descriptor(blob.getKey(), blob.getValue().length, null);
                if (!store.hasBlob(descriptor)) {
                    store.putBlob(descriptor, from, quiet);
                }
            }
            if (asReferrer) {
                store.putReferrer(referrer(layer, store.manifest(digest.toString()), approval.promotionId()));
            }
            ObjectNode manifest = manifest(null, "application/vnd.oci.image.config.v1+json", configBlob, layers);
            byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
            store.putManifest(new Manifest(manifestBytes, MediaTypes.OCI_MANIFEST, Digest.sha256Of(manifestBytes)), tag);
        }
        List<String> names = approval.approvers().stream().map(Attestations.Approver::person).toList();
        return "attested" + (names.isEmpty() ? " (no approval needed)" : ": approved by " + String.join(", ", names))
                + " (" + tag + (referrers.isPresent() ? ", and as a referrer" : "") + ")";
    }

    /** The envelope's layer in an OCI 1.1 artifact manifest whose subject is the image. */
    private static Manifest referrer(ObjectNode layer, Manifest image, String promotionId) {
        ObjectNode manifest = manifest(DSSE, "application/vnd.oci.empty.v1+json", EMPTY, List.of(layer));
        ObjectNode subject = manifest.putObject("subject");
        subject.put("mediaType", image.mediaType());
        subject.put("digest", image.digest().toString());
        subject.put("size", image.bytes().length);
        ObjectNode annotations = manifest.putObject("annotations");
        annotations.put("predicateType", APPROVAL_PREDICATE);
        annotations.put(PROMOTION_ANNOTATION, promotionId);
        byte[] bytes = JSON.writeValueAsBytes(manifest);
        return new Manifest(bytes, MediaTypes.OCI_MANIFEST, Digest.sha256Of(bytes));
    }

    private static ObjectNode manifest(String artifactType, String configType, byte[] config, List<JsonNode> layers) {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        if (artifactType != null) {
            manifest.put("artifactType", artifactType);
        }
        ObjectNode configNode = manifest.putObject("config");
        configNode.put("mediaType", configType);
        configNode.put("size", config.length);
        configNode.put("digest", Digest.sha256Of(config).toString());
        ArrayNode layerArray = manifest.putArray("layers");
        layers.forEach(layerArray::add);
        return manifest;
    }

    /** The in-toto statement: the image and its digest as the subject, the approval as the predicate. */
    static byte[] statement(Approval approval, String subjectName) {
        ObjectNode statement = JSON.createObjectNode();
        statement.put("_type", STATEMENT);
        ObjectNode subject = statement.putArray("subject").addObject();
        subject.put("name", subjectName);
        subject.putObject("digest").put(approval.image().digest().algorithm(), approval.image().digest().hex());
        statement.put("predicateType", APPROVAL_PREDICATE);
        ObjectNode predicate = statement.putObject("predicate");
        predicate.put("app", approval.app());
        predicate.put("stage", approval.stage());
        predicate.put("promotion", approval.promotionId());
        predicate.put("image", approval.image().toString());
        ObjectNode requester = predicate.putObject("requester");
        requester.put("name", approval.requester());
        requester.put("at", approval.requestedAt().toString());
        ArrayNode approvers = predicate.putArray("approvers");
        approval.approvers().forEach(a -> approvers.addObject().put("name", a.person()).put("at", a.at().toString()));
        ObjectNode policy = predicate.putObject("policy");
        policy.put("required", approval.required());
        ArrayNode eligible = policy.putArray("approvers");
        approval.eligible().forEach(eligible::add);
        policy.put("selfApproval", approval.selfApproval());
        ArrayNode gates = predicate.putArray("gates");
        approval.gates().forEach(gates::add);
        return JSON.writeValueAsBytes(statement);
    }

    /** A DSSE envelope over the payload, signed over its pre-authentication encoding. */
    static byte[] envelope(byte[] payload, PrivateKey key) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("payloadType", IN_TOTO);
        envelope.put("payload", Base64.getEncoder().encodeToString(payload));
        ObjectNode signature = envelope.putArray("signatures").addObject();
        signature.put("keyid", "");
        signature.put("sig", Base64.getEncoder().encodeToString(Keys.sign(key, pae(IN_TOTO, payload))));
        return JSON.writeValueAsBytes(envelope);
    }

    /** DSSE v1 pre-authentication encoding: {@code "DSSEv1" SP len(type) SP type SP len(body) SP body}, lengths in ASCII decimal bytes. */
    static byte[] pae(String type, byte[] body) {
        byte[] typeBytes = type.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + typeBytes.length + " " + type + " " + body.length + " ").getBytes(StandardCharsets.UTF_8);
        byte[] pae = new byte[head.length + body.length];
        System.arraycopy(head, 0, pae, 0, head.length);
        System.arraycopy(body, 0, pae, head.length, body.length);
        return pae;
    }

    /** "registry.example.com/shop": the repository as a cluster pulls it (a layout: its registry's name). */
    private String subjectName(ImageRef image) {
        RegistryConfig registry = config.registry(image);
        return (registry.isLayout() ? registry.name() : registry.host()) + "/" + image.repository();
    }

    /** The config blob cosign writes for an attestation manifest: the layers' digests as diff_ids. */
    private static byte[] config(List<JsonNode> layers) {
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", "");
        config.put("os", "");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        layers.forEach(l -> ids.add(l.path("digest").asString()));
        return JSON.writeValueAsBytes(config);
    }

    private PrivateKey privateKey() {
        try {
            return Keys.privateKey(keyReference, registries.settings().env());
        } catch (IllegalArgumentException e) {
            throw new StepFailure("signoff.attestations.key " + keyReference + ": " + e.getMessage(), false);
        }
    }

    /** Blobs made here, offered to a store's {@link Store#putBlob} like a source repository. */
    private record BytesStore(Map<Digest, byte[]> blobs) implements Store {
        @Override
        public String describe() {
            return "Signoff's attestation";
        }

        @Override
        public StepFailure failure(String what, boolean retryable, Throwable cause) {
            return new StepFailure(describe() + ": " + what, retryable, cause);
        }

        @Override
        public Optional<Digest> find(String reference) {
            return Optional.empty();
        }

        @Override
        public Manifest manifest(String reference) {
            throw failure("has no manifests", false, null);
        }

        @Override
        public Opened openBlob(Descriptor blob) {
            byte[] bytes = blobs.get(blob.digest());
            return new Opened(new ByteArrayInputStream(bytes), bytes.length);
        }

        @Override
        public boolean hasBlob(Descriptor blob) {
            return blobs.containsKey(blob.digest());
        }

        @Override
        public void putBlob(Descriptor blob, Store from, Progress progress) {
            throw failure("is read only", false, null);
        }

        @Override
        public void putManifest(Manifest manifest, String reference) {
            throw failure("is read only", false, null);
        }

        @Override
        public void delete(String reference) {
            throw failure("is read only", false, null);
        }
    }
}
