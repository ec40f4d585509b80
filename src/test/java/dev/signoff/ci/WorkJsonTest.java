package dev.signoff.ci;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Stored delivery work")
class WorkJsonTest {

    @Test
    @DisplayName("reads back exactly the builds it was written from")
    void roundTrip() {
        List<BuildPublished> builds = List.of(
                new BuildPublished("github", "d-1", BuildPublished.Kind.BUILD, "shop", ImageRef.parse("sandbox/shop:sha-3484a3f"),
                        null, "3484a3f0", "main", true, "https://ci.example/run/7", "green", Instant.parse("2026-11-18T10:00:00Z")),
                new BuildPublished("distribution", "e-2", BuildPublished.Kind.PUSH, "api",
                        ImageRef.parse("sandbox/api@" + Digest.sha256Of("api")), null, null, null, true, null, null,
                        Instant.parse("2026-11-18T10:01:00Z")),
                new BuildPublished("generic", "d-3", BuildPublished.Kind.BUILD, "shop", null, "the tag template needs {run}",
                        "abc", null, false, null, "failed", Instant.parse("2026-11-18T10:02:00Z")));
        assertThat(WorkJson.read(WorkJson.write(builds))).isEqualTo(builds);
    }
}
