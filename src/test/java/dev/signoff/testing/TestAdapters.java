package dev.signoff.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * For tests of the running application: in-memory fakes in place of the registry and cluster
 * adapters, and a clock the test moves. Storage, chat and web are the real ones.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestAdapters {

    @Bean
    @Primary
    public FakeRegistry fakeRegistry() {
        return new FakeRegistry();
    }

    @Bean
    @Primary
    public FakeDeployer fakeDeployer() {
        return new FakeDeployer();
    }

    @Bean
    @Primary
    public MutableClock mutableClock() {
        return new MutableClock(java.time.Instant.parse("2026-11-18T10:00:00Z"));
    }
}
