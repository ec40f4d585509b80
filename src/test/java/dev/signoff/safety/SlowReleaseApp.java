package dev.signoff.safety;

import dev.signoff.SignoffApplication;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Releases;
import dev.signoff.testing.FakeDeployer;
import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.TestAdapters;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Signoff process for {@link KilledProcessRecovery}: it asks for release "both" (shop, then
 * cart) with rollouts that take their time, writes {@code args[0]} when cart's rollout has
 * started (shop's has finished), and waits to be killed.
 */
public final class SlowReleaseApp {
    static final Digest SHOP = Digest.sha256Of("shop, released when killed");
    static final Digest CART = Digest.sha256Of("cart, released when killed");

    private SlowReleaseApp() {
    }

    public static void main(String[] args) throws Exception {
        Path started = Path.of(args[0]);
        String[] springArgs = java.util.Arrays.copyOfRange(args, 1, args.length);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(SignoffApplication.class, TestAdapters.class).run(springArgs);
        FakeRegistry registry = app.getBean(FakeRegistry.class);
        registry.push("sandbox/shop:dev", SHOP);
        registry.push("sandbox/cart:dev", CART);
        AtomicInteger rollouts = new AtomicInteger();
        app.getBean(FakeDeployer.class).slowRollouts = () -> {
            if (rollouts.incrementAndGet() == 2) {
                try {
                    Files.writeString(started, "cart rolling out");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        app.getBean(Releases.class).promote("alice", "both", null, "test");
        Thread.currentThread().join();
    }
}
