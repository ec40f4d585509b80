package dev.signoff.ci;

import dev.signoff.ci.spi.HookDeliveries;
import dev.signoff.ci.spi.HookDelivery;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.Promotions;
import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.TestAdapters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:unfinished-hooks;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "signoff.hooks.retry-after=0s", "signoff.hooks.retry-interval=1h"})
@Import(TestAdapters.class)
@DisplayName("Unfinished deliveries")
class UnfinishedDeliveriesTest {
    @Autowired
    HookDeliveries deliveries;
    @Autowired
    UnfinishedDeliveries unfinished;
    @Autowired
    FakeRegistry registry;
    @Autowired
    Promotions promotions;

    @Test
    @DisplayName("a delivery accepted by a process that stopped before working on it is worked on again, once")
    void takenOnAgain() {
        Digest digest = Digest.sha256Of("accepted, then the process stopped");
        registry.push("sandbox/shop:sha-1234567", digest);
        Instant received = Instant.now().minusSeconds(300);
        BuildPublished build = new BuildPublished("generic", "lost-1", BuildPublished.Kind.BUILD, "shop",
                ImageRef.parse("sandbox/shop:sha-1234567"), null, "1234567", "main", true, null, null, received);
        assertThat(deliveries.claim(new HookDelivery("generic", "lost-1", "shop", "build", "sandbox/shop:sha-1234567", "1234567",
                received, WorkJson.write(List.of(build))))).isTrue();

        unfinished.retry();
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.unfinished(Instant.now().plusSeconds(1)).isEmpty()
                && promotions.history("shop", "dev", 10).stream().anyMatch(p -> p.digest().equals(digest) && p.status().isTerminal()));
        assertThat(promotions.history("shop", "dev", 10)).filteredOn(p -> p.digest().equals(digest)).hasSize(1);
        unfinished.retry();
        assertThat(promotions.history("shop", "dev", 10)).filteredOn(p -> p.digest().equals(digest)).hasSize(1);
    }
}
