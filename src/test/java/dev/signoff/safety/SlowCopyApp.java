package dev.signoff.safety;

import dev.signoff.SignoffApplication;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Promotions;
import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.TestAdapters;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Signoff process for {@link KilledProcessRecoveryTest}: it asks for a promotion into dev whose
 * copy never ends, writes {@code args[0]} when the copy has started, and waits to be killed.
 */
public final class SlowCopyApp {
    private SlowCopyApp() {
    }

    public static void main(String[] args) throws Exception {
        Path started = Path.of(args[0]);
        String[] springArgs = java.util.Arrays.copyOfRange(args, 1, args.length);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(SignoffApplication.class, TestAdapters.class).run(springArgs);
        FakeRegistry registry = app.getBean(FakeRegistry.class);
        registry.push("sandbox/shop:killed", Digest.sha256Of("killed mid-copy"));
        registry.blockCopies(() -> {
            try {
                Files.writeString(started, "copying");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        app.getBean(Promotions.class).promote("alice", "shop", "killed", "dev");
        Thread.currentThread().join();
    }
}
