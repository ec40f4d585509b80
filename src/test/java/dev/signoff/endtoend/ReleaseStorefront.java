package dev.signoff.endtoend;

import dev.signoff.registry.TestImages;

import java.time.Duration;
import java.util.List;

/**
 * The release the end-to-end release tests promote: storefront, of shop, cart and payments, each
 * from dev in the sandbox to test in the enterprise registry and a namespace of the mock cluster
 * (named with a suffix per test class, so classes do not share workloads).
 */
final class ReleaseStorefront {
    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final String TITLE = "Release storefront to test";

    private ReleaseStorefront() {
    }

    /** The pipelines file, with the namespaces' {@code suffix} and how long cart's rollout may take. */
    static String pipelines(String suffix, String cartTimeout) {
        return """
            people:
              alice: { console: alice }
              carol: { console: carol }
              dave: { console: dave }
            registries:
              sandbox:    { host: "{sandbox}", insecure: true }
              enterprise: { host: "{enterprise}", insecure: true }
            clusters:
              mock: { context: {context} }
            apps:
              shop:
                channel: { console: shop }
                stages:
                  - { name: dev, image: sandbox/shop:dev, approval: none }
                  - name: test
                    image: enterprise/shop:test
                    deploy: { cluster: mock, namespace: shop-{suffix}, workload: deployment/shop, timeout: 2m }
                    approval: { required: 1, approvers: [carol, dave] }
              cart:
                channel: { console: cart }
                stages:
                  - { name: dev, image: sandbox/cart:dev, approval: none }
                  - name: test
                    image: enterprise/cart:test
                    deploy: { cluster: mock, namespace: cart-{suffix}, workload: deployment/cart, timeout: {cartTimeout} }
                    approval: { required: 1, approvers: [carol] }
              payments:
                channel: { console: payments }
                stages:
                  - { name: dev, image: sandbox/payments:dev, approval: none }
                  - name: test
                    image: enterprise/payments:test
                    deploy: { cluster: mock, namespace: payments-{suffix}, workload: deployment/payments, timeout: 2m }
                    approval: { required: 1, approvers: [carol, dave] }
            releases:
              storefront:
                apps: [shop, cart, payments]
                channel: { console: store }
            """.replace("{suffix}", suffix).replace("{cartTimeout}", cartTimeout);
    }

    /** The three apps' namespaces, in the release's order. */
    static List<String> namespaces(String suffix) {
        return List.of("shop-" + suffix, "cart-" + suffix, "payments-" + suffix);
    }

    /** A new small image of {@code app} pushed to its dev tag in the sandbox. */
    static TestImages.Image push(RealAdapters adapters, String app, long seed) {
        TestImages.Image image = TestImages.small(TestImages.Kind.DOCKER_MANIFEST, adapters.folder(app + "-" + seed), seed);
        TestImages.push(image, adapters.sandbox, app, "dev");
        return image;
    }
}
