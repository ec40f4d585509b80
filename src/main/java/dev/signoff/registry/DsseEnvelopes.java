package dev.signoff.registry;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.signoff.promotion.Digest;

/**
 * Checks an attestation the way {@code cosign verify-attestation --key} does: a DSSE envelope
 * ({@code payloadType}, base64 {@code payload}, {@code signatures[].sig}) one of whose signatures,
 * over DSSE's pre-authentication encoding of the type and the payload, verifies with the key; the
 * payload an in-toto Statement ({@code _type} {@code https://in-toto.io/Statement/v0.1} or
 * {@code /v1}) with the image among its subjects. Cosign before 1.4 put the predicate type in
 * {@code payloadType}; the encoding covers whatever the envelope says, so both verify. Each refusal
 * is one sentence of its own.
 */
final class DsseEnvelopes {
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String STATEMENT = "https://in-toto.io/Statement/";

    /** What a verified envelope states. */
    record Statement(String predicateType, List<Digest> subjects, JsonNode predicate) {
    }

    private DsseEnvelopes() {
    }

    /**
     * The statement the envelope carries, once its signature verifies with {@code key} and, unless
     * {@code image} is null, it is about that image; otherwise an IllegalArgumentException saying why not.
     */
    static Statement verify(byte[] envelope, Keys.Verifier key, Digest image) {
        JsonNode root;
        try {
            root = JSON.readTree(envelope);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the attestation is not JSON");
        }
        String type = root.path("payloadType").asString("");
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(root.path("payload").asString(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the attestation's payload is not base64");
        }
        if (type.isEmpty() || payload.length == 0 || !root.path("signatures").isArray()) {
            throw new IllegalArgumentException("the attestation is not a DSSE envelope (payloadType, payload and signatures)");
        }
        byte[] signed = CosignAttestations.pae(type, payload);
        boolean verified = false;
        for (JsonNode signature : root.path("signatures")) {
            try {
                verified |= key.verifies(signed, Base64.getDecoder().decode(signature.path("sig").asString("")));
            } catch (IllegalArgumentException notBase64) {
                // a signature that is not base64 verifies nothing
            }
        }
        if (!verified) {
            throw new IllegalArgumentException("no signature of the attestation verifies with " + key.describe()
                    + ": another key made it, or its payload was changed after signing");
        }
        JsonNode statement;
        try {
            statement = JSON.readTree(payload);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("a valid signature, but the attested payload is not JSON");
        }
        if (!statement.path("_type").asString("").startsWith(STATEMENT)) {
            throw new IllegalArgumentException("a valid signature, but the payload is not an in-toto statement (_type '"
                    + statement.path("_type").asString("") + "')");
        }
        List<Digest> subjects = new ArrayList<>();
        for (JsonNode subject : statement.path("subject")) {
            String hex = subject.path("digest").path("sha256").asString("");
            if (Digest.isDigest("sha256:" + hex)) {
                subjects.add(Digest.parse("sha256:" + hex));
            }
        }
        if (image != null && !subjects.contains(image)) {
            throw new IllegalArgumentException("a valid attestation, but about another image ("
                    + String.join(", ", subjects.stream().map(Digest::shortForm).toList()) + "), not " + image.shortForm());
        }
        return new Statement(statement.path("predicateType").asString(""), subjects, statement.path("predicate"));
    }
}
