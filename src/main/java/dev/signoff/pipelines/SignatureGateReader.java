package dev.signoff.pipelines;

import java.util.ArrayList;
import java.util.List;

import dev.signoff.promotion.Gates;

/**
 * {@code gates.signature}: the public keys a signature may be made with ({@code keys}) and,
 * keyless, who may have signed ({@code identities: [{ issuer, subject }]}) with the Fulcio root
 * ({@code fulcioRoot}) and the Rekor key ({@code rekor: { key }}) that check them offline. Keys,
 * roots and Rekor keys are named ({@code file:/path} or {@code env:VAR}), never written inline; a
 * named file is read now, so a wrong one stops start-up.
 */
final class SignatureGateReader {
    private static final String EXAMPLE = "{ keys: [file:/etc/signoff/cosign.pub] } or { identities: [{ issuer: https://token.actions.githubusercontent.com,"
            + " subject: https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main }], fulcioRoot: file:/etc/signoff/fulcio.pem,"
            + " rekor: { key: file:/etc/signoff/rekor.pub } }";

    /** What the gate names. */
    record SignatureGate(List<String> keys, Gates.Keyless keyless) {
    }

    private SignatureGateReader() {
    }

    static SignatureGate read(YamlNode node) {
        YamlNode.Fields fields = node.fields("a signature gate, like " + EXAMPLE, "keys", "identities", "fulcioRoot", "rekor");
        YamlNode keysNode = fields.optional("keys");
        List<YamlNode> keyItems = keysNode == null ? List.of() : keysNode.items();
        List<String> keys = keys(keyItems);
        YamlNode identitiesNode = fields.optional("identities");
        List<YamlNode> identityItems = identitiesNode == null ? List.of() : identitiesNode.items();
        List<Gates.Identity> identities = identities(identityItems);
        String root = fields.get("fulcioRoot", value -> KeyReferences.read(value, "a Fulcio root", true), null);
        String rekor = fields.get("rekor", SignatureGateReader::rekorKey, null);
        if (identitiesNode == null) {
            for (String key : List.of("fulcioRoot", "rekor")) {
                if (fields.optional(key) != null) {
                    fields.optional(key).problem(key + " is only used to check keyless signatures; add identities: [{ issuer, subject }] or remove it");
                }
            }
            if (keysNode == null) {
                node.problem("the signature gate needs at least one key or identity, like " + EXAMPLE);
            } else if (keyItems.isEmpty()) {
                keysNode.problem("the signature gate needs at least one key or identity");
            }
            return new SignatureGate(keys, null);
        }
        if (fields.optional("fulcioRoot") == null) {
            node.problem("keyless identities need fulcioRoot: file:/etc/signoff/fulcio.pem, the Fulcio root certificate their certificates chain to");
        }
        if (fields.optional("rekor") == null) {
            node.problem("keyless identities need rekor: { key: file:/etc/signoff/rekor.pub }, the key that signs Rekor bundles: offline checks need it");
        }
        if (identityItems.isEmpty()) {
            identitiesNode.problem("needs at least one identity, like [{ issuer: https://accounts.google.com, subject: release@example.com }]");
        }
        return new SignatureGate(keys, root == null || rekor == null || identities.isEmpty() ? null : new Gates.Keyless(identities, root, rekor));
    }

    private static List<String> keys(List<YamlNode> items) {
        List<String> found = new ArrayList<>();
        for (YamlNode item : items) {
            String key = item.text();
            if (key != null && KeyReferences.REFERENCE.matcher(key).matches()) {
                found.add(key);
            } else if (key != null) {
                // not repeated: an inline PEM is many lines long
                item.problem("a key is named, not written inline: give a key reference, file:/path/to/cosign.pub or env:VARIABLE (holding the PEM)");
            }
        }
        return found;
    }

    private static List<Gates.Identity> identities(List<YamlNode> items) {
        List<Gates.Identity> identities = new ArrayList<>();
        for (YamlNode item : items) {
            YamlNode.Fields fields = item.fields("an identity, like { issuer: https://accounts.google.com, subject: release@example.com }", "issuer", "subject");
            String issuer = fields.require("issuer", "issuer: https://token.actions.githubusercontent.com", YamlNode::text);
            String subject = fields.require("subject", "subject: release@example.com (an email or a URI)", YamlNode::text);
            if (issuer != null && subject != null) {
                identities.add(new Gates.Identity(issuer, subject));
            }
        }
        return identities;
    }

    private static String rekorKey(YamlNode node) {
        YamlNode.Fields fields = node.fields("the Rekor log, like { key: file:/etc/signoff/rekor.pub }", "key");
        return fields.require("key", "key: file:/etc/signoff/rekor.pub", value -> KeyReferences.read(value, "a Rekor key", false));
    }
}
