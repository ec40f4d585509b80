package dev.signoff.pipelines;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.signoff.promotion.Gates;

/**
 * {@code gates.signature}: the public keys a signature may be made with ({@code keys}) and,
 * keyless, who may have signed ({@code identities: [{ issuer, subject }]}) with the Fulcio root
 * ({@code fulcioRoot}) and the Rekor key ({@code rekor: { key }}) that check them offline. Keys,
 * roots and Rekor keys are named ({@code file:/path} or {@code env:VAR}), never written inline; a
 * named file is read now, so a wrong one stops start-up.
 */
final class SignatureGateReader {
    private static final Pattern REFERENCE = Pattern.compile("env:[A-Za-z_][A-Za-z0-9_]*|file:\\S+");
    private static final Pattern PUBLIC_KEY = Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");
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
        String root = fields.get("fulcioRoot", value -> reference(value, "a Fulcio root", true), null);
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
            if (key != null && REFERENCE.matcher(key).matches()) {
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
        return fields.require("key", "key: file:/etc/signoff/rekor.pub", value -> reference(value, "a Rekor key", false));
    }

    /** A reference to a Fulcio root ({@code certificate}) or a PEM public key; a named file must hold one. */
    private static String reference(YamlNode value, String what, boolean certificate) {
        String reference = value.text();
        if (reference == null) {
            return null;
        }
        if (!REFERENCE.matcher(reference).matches()) {
            value.problem(what + " is named, not written inline: give file:/path/to/it.pem or env:VARIABLE (holding the PEM)");
            return null;
        }
        if (reference.startsWith("env:")) {
            return reference;
        }
        String text;
        try {
            text = Files.readString(Path.of(reference.substring(5)), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            value.problem("the file " + reference.substring(5) + " cannot be read (" + e.getClass().getSimpleName() + ")");
            return null;
        }
        String problem = certificate ? certificateProblem(text) : publicKeyProblem(text);
        if (problem != null) {
            value.problem("the file " + reference.substring(5) + " " + problem);
            return null;
        }
        return reference;
    }

    private static String certificateProblem(String text) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).isEmpty()
                    ? "holds no PEM certificate (-----BEGIN CERTIFICATE-----)" : null;
        } catch (GeneralSecurityException | RuntimeException e) {
            return "is not a PEM certificate (-----BEGIN CERTIFICATE-----) of the Fulcio root";
        }
    }

    private static String publicKeyProblem(String text) {
        Matcher pem = PUBLIC_KEY.matcher(text);
        if (!pem.find()) {
            return "holds no PEM public key (-----BEGIN PUBLIC KEY-----)";
        }
        for (String algorithm : List.of("EC", "Ed25519", "RSA")) {
            try {
                KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(pem.group(1))));
                return null;
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not this algorithm: try the next
            }
        }
        return "holds a PEM block that is not an ECDSA, Ed25519 or RSA public key";
    }
}
