package dev.signoff.pipelines;

import java.util.ArrayList;
import java.util.List;

import dev.signoff.promotion.Gates;

/**
 * {@code gates.signature}: the public keys a signature may be made with ({@code keys}) and,
 * keyless, who may have signed with the trusted root, or the Fulcio root and the Rekor key, that
 * check them offline ({@link KeylessReader}). Keys are named ({@code file:/path} or {@code env:VAR}), never written
 * inline.
 */
final class SignatureGateReader {
    private static final String EXAMPLE = "{ keys: [file:/etc/signoff/cosign.pub] } or { identities: [{ issuer: https://token.actions.githubusercontent.com,"
            + " subject: https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main }], trustedRoot: file:/etc/signoff/trusted_root.json }";

    /** What the gate names. */
    record SignatureGate(List<String> keys, Gates.Keyless keyless) {
    }

    private SignatureGateReader() {
    }

    static SignatureGate read(YamlNode node) {
        YamlNode.Fields fields = node.fields("a signature gate, like " + EXAMPLE, "keys", "identities", "trustedRoot", "fulcioRoot", "rekor");
        YamlNode keysNode = fields.optional("keys");
        List<YamlNode> keyItems = keysNode == null ? List.of() : keysNode.items();
        List<String> keys = keys(keyItems);
        Gates.Keyless keyless = KeylessReader.read(node, fields, "signatures");
        if (fields.optional("identities") == null) {
            if (keysNode == null) {
                node.problem("the signature gate needs at least one key or identity, like " + EXAMPLE);
            } else if (keyItems.isEmpty()) {
                keysNode.problem("the signature gate needs at least one key or identity");
            }
        }
        return new SignatureGate(keys, keyless);
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
}
