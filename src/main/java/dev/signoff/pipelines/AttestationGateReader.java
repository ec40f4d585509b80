package dev.signoff.pipelines;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.signoff.promotion.Gates;

/**
 * {@code gates.attestation}: the predicate type an attestation must have ({@code predicateType}, a
 * URI), the public keys it may be signed with ({@code keys}, named like the signature gate's and
 * read now when they are files) and, for Sigstore bundles signed keyless, who may have signed with
 * the trusted root, or the Fulcio root and Rekor key ({@link KeylessReader}; keys or identities, or both), and the
 * top-level predicate fields it must carry with these values ({@code predicate}, optional).
 */
final class AttestationGateReader {
    private static final String EXAMPLE = "{ predicateType: https://signoff.dev/attestations/approval/v1, keys: [file:/etc/signoff/approvals.pub],"
            + " predicate: { stage: test } }";

    private AttestationGateReader() {
    }

    static Gates.Attestation read(YamlNode node) {
        YamlNode.Fields fields = node.fields("an attestation gate, like " + EXAMPLE, "predicateType", "keys", "predicate", "identities", "trustedRoot", "fulcioRoot", "rekor");
        String type = fields.require("predicateType", "predicateType: https://signoff.dev/attestations/approval/v1 (or https://slsa.dev/provenance/v1)",
                AttestationGateReader::predicateType);
        boolean keyless = fields.optional("identities") != null;
        YamlNode keysNode = keyless ? fields.optional("keys")
                : fields.required("keys", "keys: [file:/etc/signoff/approvals.pub] (PEM public keys, file:/path or env:VARIABLE), or keyless identities");
        List<String> keys = new ArrayList<>();
        if (keysNode != null) {
            int before = keysNode.problemCount();
            List<YamlNode> items = keysNode.items();
            for (YamlNode item : items) {
                String key = KeyReferences.read(item, "a key", false);
                if (key != null) {
                    keys.add(key);
                }
            }
            if (items.isEmpty() && !keyless && keysNode.problemCount() == before) {
                keysNode.problem("the attestation gate needs at least one key, like [file:/etc/signoff/approvals.pub]");
            }
        }
        Gates.Keyless trust = KeylessReader.read(node, fields, "attestations");
        Map<String, String> predicate = fields.get("predicate", AttestationGateReader::predicate, Map.of());
        boolean usable = keyless ? trust != null : !keys.isEmpty();
        return type == null || !usable || predicate == null ? null : new Gates.Attestation(type, keys, predicate, trust);
    }

    private static String predicateType(YamlNode value) {
        String text = value.text();
        if (text == null) {
            return null;
        }
        try {
            if (new URI(text).isAbsolute()) {
                return text;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        value.problem("'" + text + "' is not a URI; a predicate type is one, like https://signoff.dev/attestations/approval/v1 or https://slsa.dev/provenance/v1");
        return null;
    }

    /** The predicate fields to compare, each a single value (compared as a string). */
    private static Map<String, String> predicate(YamlNode node) {
        Map<String, String> fields = new LinkedHashMap<>();
        boolean complete = true;
        for (Map.Entry<String, YamlNode> field : node.entries("the predicate's fields and their values, like { stage: test }").entrySet()) {
            String value = field.getValue().text();
            if (value == null) {
                complete = false;
            } else {
                fields.put(field.getKey(), value);
            }
        }
        return complete ? fields : null;
    }
}
