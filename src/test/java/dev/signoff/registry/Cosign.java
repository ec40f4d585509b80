package dev.signoff.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.signoff.promotion.Digest;

/**
 * Attachments in the formats cosign and OCI 1.1 clients write, made by the tests: signature
 * manifests ({@code sha256-<hex>.sig}, simple-signing layers with the signature in an annotation),
 * attestations ({@code .att}, DSSE envelopes over in-toto statements, and as referrers), SBOMs
 * ({@code .sbom}), referrers (a {@code subject}) and the referrers tag schema's index; and
 * pushed to a registry over plain HTTP without Signoff's client.
 */
final class Cosign {
    static final String SIMPLESIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
    static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    static final String DSSE = "application/vnd.dsse.envelope.v1+json";
    private static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.UTF_8);

    /** A manifest and the blobs it names. */
    record Artifact(byte[] manifest, Digest digest, String mediaType, Map<Digest, byte[]> blobs, String artifactType) {
        /** Its descriptor as a referrers index lists it. */
        String descriptor() {
            return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + manifest.length
                    + (artifactType == null ? "" : ",\"artifactType\":\"" + artifactType + "\"") + "}";
        }
    }

    /** One simple-signing layer: the payload, the base64 signature for its annotation, and other annotations (keyless: certificate, chain, bundle). */
    record Layer(byte[] payload, String signature, Map<String, String> annotations) {
        Layer(byte[] payload, String signature) {
            this(payload, signature, Map.of());
        }
    }

    private Cosign() {
    }

    /** A new key pair: "EC" (P-256), "Ed25519" or "RSA" (2048 bits). */
    static java.security.KeyPair keyPair(String algorithm) {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            } else if (algorithm.equals("RSA")) {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM as cosign and openssl write it: PUBLIC KEY (X.509) or PRIVATE KEY (PKCS#8). */
    static String pem(java.security.Key key) {
        String type = key instanceof java.security.PublicKey ? "PUBLIC KEY" : "PRIVATE KEY";
        return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8)).encodeToString(key.getEncoded())
                + "\n-----END " + type + "-----\n";
    }

    /** A simple-signing layer for the payload, signed as cosign signs (SHA-256 ECDSA/RSA, or Ed25519 over the bytes). */
    static Layer signed(byte[] payload, java.security.PrivateKey key) {
        try {
            String algorithm = switch (key.getAlgorithm()) {
                case "EC" -> "SHA256withECDSA";
                case "RSA" -> "SHA256withRSA";
                default -> "Ed25519";
            };
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(payload);
            return new Layer(payload, java.util.Base64.getEncoder().encodeToString(signer.sign()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The payload cosign signs: the image's digest under {@code critical}. */
    static byte[] payload(Digest image, String reference) {
        return ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + reference + "\"},\"image\":{\"docker-manifest-digest\":\""
                + image + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}").getBytes(StandardCharsets.UTF_8);
    }

    /** A {@code .sig} manifest: one simple-signing layer per signature, the signature in its annotation. */
    static Artifact signature(List<Layer> layers) {
        Map<Digest, byte[]> blobs = new LinkedHashMap<>();
        List<String> descriptors = new ArrayList<>();
        for (Layer layer : layers) {
            Digest digest = Digest.sha256Of(layer.payload());
            blobs.put(digest, layer.payload());
            descriptors.add("{\"mediaType\":\"" + SIMPLESIGNING + "\",\"size\":" + layer.payload().length + ",\"digest\":\"" + digest
                    + "\",\"annotations\":{\"" + SIGNATURE_ANNOTATION + "\":\"" + layer.signature() + "\""
                    + String.join("", layer.annotations().entrySet().stream().map(annotation -> "," + JsonMapper.shared().writeValueAsString(annotation.getKey())
                            + ":" + JsonMapper.shared().writeValueAsString(annotation.getValue())).toList()) + "}}");
        }
        return image(blobs, descriptors, null, null);
    }

    /** An in-toto statement ({@code _type} {@code statementType}) about {@code subject}, with the predicate (JSON). */
    static byte[] statement(String statementType, Digest subject, String predicateType, String predicate) {
        return ("{\"_type\":\"" + statementType + "\",\"subject\":[{\"name\":\"registry.example.com/shop\",\"digest\":{\"sha256\":\"" + subject.hex()
                + "\"}}],\"predicateType\":\"" + predicateType + "\",\"predicate\":" + predicate + "}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A DSSE envelope as {@code cosign attest} writes it: the payload base64, one signature over
     * DSSE's pre-authentication encoding {@code "DSSEv1" SP len(type) SP type SP len(payload) SP payload}.
     */
    static byte[] envelope(String payloadType, byte[] payload, java.security.PrivateKey key) {
        byte[] head = ("DSSEv1 " + payloadType.getBytes(StandardCharsets.UTF_8).length + " " + payloadType + " " + payload.length + " ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] pae = java.util.Arrays.copyOf(head, head.length + payload.length);
        System.arraycopy(payload, 0, pae, head.length, payload.length);
        return ("{\"payloadType\":\"" + payloadType + "\",\"payload\":\"" + java.util.Base64.getEncoder().encodeToString(payload)
                + "\",\"signatures\":[{\"keyid\":\"\",\"sig\":\"" + signed(pae, key).signature() + "\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    /** A {@code .att} manifest: one DSSE layer per envelope, with the annotations cosign writes. */
    static Artifact attestations(List<byte[]> envelopes) {
        Map<Digest, byte[]> blobs = new LinkedHashMap<>();
        List<String> descriptors = new ArrayList<>();
        for (byte[] envelope : envelopes) {
            Digest digest = Digest.sha256Of(envelope);
            blobs.put(digest, envelope);
            descriptors.add(dsse(envelope, digest));
        }
        return image(blobs, descriptors, null, null);
    }

    /** An OCI 1.1 referrer of {@code subject} holding one DSSE envelope, artifact type DSSE. */
    static Artifact attestationReferrer(Digest subject, String subjectType, long subjectSize, byte[] envelope) {
        Digest digest = Digest.sha256Of(envelope);
        String subjectJson = "{\"mediaType\":\"" + subjectType + "\",\"digest\":\"" + subject + "\",\"size\":" + subjectSize + "}";
        return image(new LinkedHashMap<>(Map.of(digest, envelope)), List.of(dsse(envelope, digest)), DSSE, subjectJson);
    }

    /**
     * A Sigstore bundle as cosign 3 pushes it: an OCI 1.1 referrer of {@code subject} whose artifact
     * type and one layer are of the bundle's media type.
     */
    static Artifact bundleReferrer(Digest subject, String subjectType, long subjectSize, byte[] bundle, String mediaType) {
        Digest digest = Digest.sha256Of(bundle);
        String subjectJson = "{\"mediaType\":\"" + subjectType + "\",\"digest\":\"" + subject + "\",\"size\":" + subjectSize + "}";
        return image(new LinkedHashMap<>(Map.of(digest, bundle)), List.of("{\"mediaType\":\"" + mediaType + "\",\"size\":" + bundle.length
                + ",\"digest\":\"" + digest + "\"}"), mediaType, subjectJson);
    }

    private static String dsse(byte[] envelope, Digest digest) {
        return "{\"mediaType\":\"" + DSSE + "\",\"size\":" + envelope.length + ",\"digest\":\"" + digest
                + "\",\"annotations\":{\"" + SIGNATURE_ANNOTATION + "\":\"\"}}";
    }

    /** A {@code .sbom} manifest as {@code cosign attach sbom} writes it: one SPDX layer. */
    static Artifact sbom(String spdx) {
        byte[] bytes = spdx.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256Of(bytes);
        return image(new LinkedHashMap<>(Map.of(digest, bytes)),
                List.of("{\"mediaType\":\"text/spdx+json\",\"size\":" + bytes.length + ",\"digest\":\"" + digest + "\"}"), null, null);
    }

    /** An OCI 1.1 referrer of {@code subject}: empty config, one layer with the content, the artifact type. */
    static Artifact referrer(Digest subject, String subjectType, long subjectSize, String artifactType, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256Of(bytes);
        String subjectJson = "{\"mediaType\":\"" + subjectType + "\",\"digest\":\"" + subject + "\",\"size\":" + subjectSize + "}";
        return image(new LinkedHashMap<>(Map.of(digest, bytes)),
                List.of("{\"mediaType\":\"application/octet-stream\",\"size\":" + bytes.length + ",\"digest\":\"" + digest + "\"}"),
                artifactType, subjectJson);
    }

    /** The referrers tag schema's index (tag {@code sha256-<hex>}) listing the referrers. */
    static Artifact referrersIndex(List<Artifact> referrers) {
        byte[] bytes = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + String.join(",", referrers.stream().map(Artifact::descriptor).toList()) + "]}").getBytes(StandardCharsets.UTF_8);
        return new Artifact(bytes, Digest.sha256Of(bytes), MediaTypes.OCI_INDEX, Map.of(), null);
    }

    private static Artifact image(Map<Digest, byte[]> blobs, List<String> layers, String artifactType, String subject) {
        String configType = artifactType == null ? "application/vnd.oci.image.config.v1+json" : "application/vnd.oci.empty.v1+json";
        byte[] config = artifactType == null ? "{\"architecture\":\"\",\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8) : EMPTY_CONFIG;
        Digest configDigest = Digest.sha256Of(config);
        blobs.put(configDigest, config);
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\""
                + (artifactType == null ? "" : ",\"artifactType\":\"" + artifactType + "\"")
                + ",\"config\":{\"mediaType\":\"" + configType + "\",\"size\":" + config.length + ",\"digest\":\"" + configDigest + "\"}"
                + ",\"layers\":[" + String.join(",", layers) + "]"
                + (subject == null ? "" : ",\"subject\":" + subject) + "}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new Artifact(bytes, Digest.sha256Of(bytes), MediaTypes.OCI_MANIFEST, blobs, artifactType);
    }

    /** The tag cosign gives what is attached to {@code digest}. */
    static String tag(Digest digest, String suffix) {
        return "sha256-" + digest.hex() + suffix;
    }

    /** Pushes the blobs, then the manifest under {@code reference}, to an open (no credentials) registry. */
    static void push(LocalRegistry registry, String repository, String reference, Artifact artifact) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            String base = "http://" + registry.host() + "/v2/" + repository;
            for (Map.Entry<Digest, byte[]> blob : artifact.blobs().entrySet()) {
                HttpResponse<String> started = client.send(HttpRequest.newBuilder(URI.create(base + "/blobs/uploads/"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                check(started, 202);
                URI location = URI.create(base).resolve(started.headers().firstValue("Location").orElseThrow());
                String separator = location.toString().contains("?") ? "&" : "?";
                check(client.send(HttpRequest.newBuilder(URI.create(location + separator + "digest=" + blob.getKey()))
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(blob.getValue())).build(), HttpResponse.BodyHandlers.ofString()), 201);
            }
            check(client.send(HttpRequest.newBuilder(URI.create(base + "/manifests/" + reference)).header("Content-Type", artifact.mediaType())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(artifact.manifest())).build(), HttpResponse.BodyHandlers.ofString()), 201);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void check(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
