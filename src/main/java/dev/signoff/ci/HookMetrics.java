package dev.signoff.ci;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.EnumSet;

/**
 * {@code signoff.hooks.deliveries} ({@code signoff_hooks_deliveries_total} in Prometheus), by
 * source and outcome. Only known sources are counted, so a scan of made-up paths cannot grow
 * the number of series. Each known source's series exist from start-up, at zero: every outcome
 * for a source with a secret, the refusals for one without (it accepts nothing).
 */
@Component
class HookMetrics {
    private final MeterRegistry registry;

    HookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String source, Outcome outcome) {
        counter(source, outcome).increment();
    }

    /** Registers the source's series at zero. */
    void known(String source, boolean hasSecret) {
        for (Outcome outcome : hasSecret ? EnumSet.allOf(Outcome.class) : EnumSet.of(Outcome.UNAUTHORIZED, Outcome.MALFORMED, Outcome.TOO_LARGE)) {
            counter(source, outcome);
        }
    }

    private Counter counter(String source, Outcome outcome) {
        return Counter.builder("signoff.hooks.deliveries").description("CI and registry notifications received, by source and outcome")
                .tag("source", source).tag("outcome", outcome.tag())
                .register(registry);
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
