package dev.signoff.registry;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.signoff.promotion.Digest;

/**
 * Checks an attestation the way {@code cosign verify-attestation --key} does: a DSSE envelope
 * ({@code payloadType}, base64 {@code payload}, {@code signatures[].sig}) one of whose signatures,
 * over DSSE's pre-authentication encoding of the type and the payload, verifies with one of the
 * keys; the payload an in-toto Statement ({@code _type} {@value #STATEMENT_V1}, or
 * {@value #STATEMENT_V01} as cosign wrote for years) with the image among its subjects. The
 * payload type is {@value CosignAttestations#IN_TOTO}, or, as cosign before 1.4 wrote it, the
 * statement's own predicate type (the encoding covers whatever the envelope says, so the signature
 * vouches for it either way). Each refusal is one sentence of its own.
 */
final class DsseEnvelopes {
    private static final JsonMapper JSON = JsonMapper.shared();
    static final String STATEMENT_V1 = "https://in-toto.io/Statement/v1";
    static final String STATEMENT_V01 = "https://in-toto.io/Statement/v0.1";
    private static final Set<String> STATEMENTS = Set.of(STATEMENT_V1, STATEMENT_V01);

    /** What a verified envelope states. */
    record Statement(String predicateType, List<Digest> subjects, JsonNode predicate) {
    }

    /** A statement about the image, and the key whose signature over it verified. */
    record Verified(Statement statement, Keys.Verifier signer) {
    }

    private DsseEnvelopes() {
    }

    /**
     * The statement the envelope carries, once one of its signatures verifies with one of
     * {@code keys} and it is an in-toto statement about {@code image}; otherwise an
     * IllegalArgumentException saying why not.
     */
    static Verified verify(byte[] envelope, List<Keys.Verifier> keys, Digest image) {
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
        Keys.Verifier signer = signer(root.path("signatures"), CosignAttestations.pae(type, payload), keys);
        if (signer == null) {
            throw new IllegalArgumentException("no signature of the attestation verifies with "
                    + String.join(" or ", keys.stream().map(Keys.Verifier::describe).toList())
                    + ": another key made it, or its payload was changed after signing");
        }
        JsonNode statement;
        try {
            statement = JSON.readTree(payload);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("a valid signature, but the attested payload is not JSON");
        }
        String predicateType = statement.path("predicateType").asString("");
        if (!type.equals(CosignAttestations.IN_TOTO) && !type.equals(predicateType)) {
            throw new IllegalArgumentException("a valid signature, but of payload type '" + type + "', not " + CosignAttestations.IN_TOTO);
        }
        String statementType = statement.path("_type").asString("");
        if (!STATEMENTS.contains(statementType)) {
            throw new IllegalArgumentException("a valid signature, but the payload is not an in-toto statement v1 or v0.1 (_type '" + statementType + "')");
        }
        List<Digest> subjects = new ArrayList<>();
        for (JsonNode subject : statement.path("subject")) {
            String hex = subject.path("digest").path("sha256").asString("");
            if (Digest.isDigest("sha256:" + hex)) {
                subjects.add(Digest.parse("sha256:" + hex));
            }
        }
        if (!subjects.contains(image)) {
            throw new IllegalArgumentException("a valid attestation, but about another image ("
                    + (subjects.isEmpty() ? "no sha256 subject" : String.join(", ", subjects.stream().map(Digest::shortForm).toList()))
                    + "), not " + image.shortForm());
        }
        return new Verified(new Statement(predicateType, subjects, statement.path("predicate")), signer);
    }

    /** The first key with which one of the signatures verifies, or null. */
    private static Keys.Verifier signer(JsonNode signatures, byte[] signed, List<Keys.Verifier> keys) {
        for (JsonNode signature : signatures) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(signature.path("sig").asString(""));
            } catch (IllegalArgumentException notBase64) {
                continue; // a signature that is not base64 verifies nothing
            }
            for (Keys.Verifier key : keys) {
                if (key.verifies(signed, bytes)) {
                    return key;
                }
            }
        }
        return null;
    }
}
