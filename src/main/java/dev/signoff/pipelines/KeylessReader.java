package dev.signoff.pipelines;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.signoff.promotion.Gates;

/**
 * The keyless part of a signature or attestation gate: who may have signed ({@code identities:
 * [{ issuer | issuerRegExp, subject | subjectRegExp }]}) and what checks them offline: a Sigstore
 * trusted root ({@code trustedRoot}, see {@link TrustedRootFiles}), or the Fulcio root
 * ({@code fulcioRoot}) and the Rekor key ({@code rekor: { key }}), never both forms. Roots and
 * Rekor keys are named ({@code file:/path} or {@code env:VAR}), never inline; a named file is read now. A regular
 * expression is a Java one that must match the whole value; one that does not compile stops
 * start-up with the compiler's reason.
 */
final class KeylessReader {
    private static final String IDENTITY = "an identity, like { issuer: https://accounts.google.com, subject: release@example.com }"
            + " or { issuer: https://token.actions.githubusercontent.com, subjectRegExp: \"https://github\\\\.com/acme/.+\" }";

    private KeylessReader() {
    }

    /**
     * The keyless trust in {@code fields} (of {@code node}), or null when the gate names no
     * identities or a problem was reported; {@code checked} ("signatures", "attestations") says what
     * trustedRoot, fulcioRoot and rekor are for when they come without identities.
     */
    static Gates.Keyless read(YamlNode node, YamlNode.Fields fields, String checked) {
        YamlNode identitiesNode = fields.optional("identities");
        List<YamlNode> identityItems = identitiesNode == null ? List.of() : identitiesNode.items();
        List<Gates.Identity> identities = identities(identityItems);
        List<String> trustedRoots = fields.get("trustedRoot", KeylessReader::trustedRoots, null);
        String root = fields.get("fulcioRoot", value -> KeyReferences.read(value, "a Fulcio root", true), null);
        String rekor = fields.get("rekor", KeylessReader::rekorKey, null);
        if (identitiesNode == null) {
            for (String key : List.of("trustedRoot", "fulcioRoot", "rekor")) {
                if (fields.optional(key) != null) {
                    fields.optional(key).problem(key + " is only used to check keyless " + checked + "; add identities: [{ issuer, subject }] or remove it");
                }
            }
            return null;
        }
        boolean pems = fields.optional("fulcioRoot") != null || fields.optional("rekor") != null;
        if (fields.optional("trustedRoot") != null && pems) {
            node.problem("give trustedRoot, or fulcioRoot and rekor, not both: the trusted root holds the Fulcio certificates and the Rekor keys");
        } else if (fields.optional("trustedRoot") == null && !pems) {
            node.problem("keyless identities need trustedRoot: file:/etc/signoff/trusted_root.json (a Sigstore trusted root, as cosign trusted-root create"
                    + " writes it), or fulcioRoot: file:/etc/signoff/fulcio.pem and rekor: { key: file:/etc/signoff/rekor.pub }: offline checks need them");
        } else if (pems && fields.optional("fulcioRoot") == null) {
            node.problem("keyless identities need fulcioRoot: file:/etc/signoff/fulcio.pem, the Fulcio root certificate their certificates chain to");
        } else if (pems && fields.optional("rekor") == null) {
            node.problem("keyless identities need rekor: { key: file:/etc/signoff/rekor.pub }, the key that signs Rekor bundles: offline checks need it");
        }
        if (identityItems.isEmpty()) {
            identitiesNode.problem("needs at least one identity, like [{ issuer: https://accounts.google.com, subject: release@example.com }]");
        }
        if (identities.isEmpty() || identities.size() < identityItems.size()) {
            return null;
        }
        if (trustedRoots != null && !pems) {
            return Gates.Keyless.fromTrustedRoots(identities, trustedRoots);
        }
        return fields.optional("trustedRoot") == null && root != null && rekor != null ? new Gates.Keyless(identities, root, rekor) : null;
    }

    /** One trusted root, or a list of at least one, each read as {@link TrustedRootFiles} reads it; null when a problem was reported. */
    private static List<String> trustedRoots(YamlNode value) {
        if (value.isScalar()) {
            String reference = TrustedRootFiles.read(value);
            return reference == null ? null : List.of(reference);
        }
        int before = value.problemCount();
        List<YamlNode> items = value.items();
        if (items.isEmpty() && value.problemCount() == before) {
            value.problem("needs at least one trusted root, like [file:/etc/signoff/github.json, file:/etc/signoff/public-good.json]");
        }
        List<String> references = new ArrayList<>();
        for (YamlNode item : items) {
            String reference = TrustedRootFiles.read(item);
            if (reference != null) {
                references.add(reference);
            }
        }
        return !items.isEmpty() && references.size() == items.size() ? references : null;
    }

    private static List<Gates.Identity> identities(List<YamlNode> items) {
        List<Gates.Identity> identities = new ArrayList<>();
        for (YamlNode item : items) {
            YamlNode.Fields fields = item.fields(IDENTITY, "issuer", "issuerRegExp", "subject", "subjectRegExp");
            Value issuer = oneOf(item, fields, "issuer", "issuer: https://token.actions.githubusercontent.com");
            Value subject = oneOf(item, fields, "subject", "subject: release@example.com (an email or a URI)");
            if (issuer != null && subject != null) {
                identities.add(new Gates.Identity(issuer.exact(), subject.exact(), issuer.regExp(), subject.regExp()));
            }
        }
        return identities;
    }

    /** An issuer or subject: the exact value or the regular expression, the other null. */
    private record Value(String exact, String regExp) {
    }

    /** {@code name} or {@code name}RegExp, exactly one of them; null after a problem. */
    private static Value oneOf(YamlNode item, YamlNode.Fields fields, String name, String example) {
        String regExpName = name + "RegExp";
        YamlNode exact = fields.optional(name);
        YamlNode pattern = fields.optional(regExpName);
        if (exact != null && pattern != null) {
            item.problem("give " + name + " or " + regExpName + ", not both");
            return null;
        }
        if (pattern == null) {
            String text = fields.require(name, example + ", or " + regExpName + ": a Java regular expression the whole " + name + " must match",
                    YamlNode::text);
            return text == null ? null : new Value(text, null);
        }
        String text = fields.get(regExpName, regExp(), null);
        return text == null ? null : new Value(null, text);
    }

    private static Function<YamlNode, String> regExp() {
        return value -> {
            String text = value.text();
            if (text == null) {
                return null;
            }
            try {
                Pattern.compile(text);
                return text;
            } catch (PatternSyntaxException e) {
                value.problem("'" + text + "' is not a regular expression: " + e.getDescription() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
                return null;
            }
        };
    }

    private static String rekorKey(YamlNode node) {
        YamlNode.Fields fields = node.fields("the Rekor log, like { key: file:/etc/signoff/rekor.pub }", "key");
        return fields.require("key", "key: file:/etc/signoff/rekor.pub", value -> KeyReferences.read(value, "a Rekor key", false));
    }
}
