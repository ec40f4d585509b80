package dev.signoff.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import dev.signoff.promotion.RegistryConfig;
import dev.signoff.registry.TestImages.Image;
import dev.signoff.registry.TestImages.Kind;

/**
 * What the gates' tests against a real registry share: a docker-registry (as {@code trusted}) and
 * a layout directory ({@code carried}) behind one client, and key pairs of each kind cosign uses:
 * the public halves of {@code ec}, {@code ed} and {@code other} in files ({@link #key}), the RSA
 * one in the variable {@code RSA_KEY}. Each test class gets its own registry.
 */
abstract class KeyedRegistry {
    @TempDir
    static Path work;

    static LocalRegistry registry;
    static RegistryClient client;
    static final KeyPair ec = Cosign.keyPair("EC");
    static final KeyPair ed = Cosign.keyPair("Ed25519");
    static final KeyPair rsa = Cosign.keyPair("RSA");
    static final KeyPair other = Cosign.keyPair("EC");
    private static int seed = 100;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = LocalRegistry.start("trusted", null, null, true);
        for (Map.Entry<String, KeyPair> key : Map.of("ec", ec, "ed", ed, "other", other).entrySet()) {
            Files.writeString(work.resolve(key.getKey() + ".pub"), Cosign.pem(key.getValue().getPublic()));
        }
        client = new RegistryClient(RegistryFixtures.pipelines(RegistryFixtures.named("trusted", registry, null),
                RegistryConfig.layout("carried", work.resolve("layouts").toString())),
                RegistryFixtures.fast(Map.of("RSA_KEY", Cosign.pem(rsa.getPublic()), "DOCKER_CONFIG", "/nonexistent"), RegistrySettings.ExchangeObserver.NONE));
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    /** {@code file:…/<name>.pub}, as a stage names the key. */
    static String key(String name) {
        return "file:" + work.resolve(name + ".pub");
    }

    /** "key sha256:… (file:…/ec.pub)", as refusals name a key. */
    static String describe(String name, KeyPair pair) {
        return "key " + Keys.fingerprint(pair.getPublic()) + " (" + key(name) + ")";
    }

    /** A new image in the registry's repository shop, with nothing attached. */
    static Image unsigned(String tag) {
        Image image = TestImages.small(Kind.OCI_MANIFEST, work.resolve(tag), seed++);
        TestImages.push(image, registry, "shop", tag);
        return image;
    }
}
