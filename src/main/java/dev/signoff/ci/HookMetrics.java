package dev.signoff.ci;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code signoff.hooks.deliveries} ({@code signoff_hooks_deliveries_total} in Prometheus), by
 * source and outcome. Only known sources are counted, so a scan of made-up paths cannot grow
 * the number of series.
 */
@Component
class HookMetrics {
    private final MeterRegistry registry;

    HookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String source, Outcome outcome) {
        Counter.builder("signoff.hooks.deliveries").description("CI and registry notifications received, by source and outcome")
                .tag("source", source).tag("outcome", outcome.tag())
                .register(registry).increment();
    }

    /** How a request ended, and what it is answered. */
    enum Outcome {
        ACCEPTED(202), DUPLICATE(200), UNAUTHORIZED(401), MALFORMED(400), UNKNOWN_APP(200), TOO_LARGE(413), IGNORED(200);

        final int status;

        Outcome(int status) {
            this.status = status;
        }

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
