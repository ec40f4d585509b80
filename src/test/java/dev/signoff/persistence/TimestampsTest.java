package dev.signoff.persistence;

import dev.signoff.promotion.StageLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Stored instants")
class TimestampsTest extends DatabaseTest {
    private JdbcStageLocks locks;

    @BeforeEach
    void repository() {
        locks = new JdbcStageLocks(db.jdbc());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2026-03-02T09:15:30.123456789Z", "2026-03-02T09:15:30.999999999Z", "1999-12-31T23:59:59Z",
            "2100-06-30T12:00:00.000001Z", "1970-01-01T00:00:00Z"})
    @DisplayName("read back as the instant written, truncated to microseconds and never rounded")
    void roundTrip(String text) {
        Instant written = Instant.parse(text);
        locks.lock(new StageLock("shop", "prod", "alice", null, written));

        Instant read = locks.find("shop", "prod").orElseThrow().since();

        assertThat(read).isEqualTo(written.truncatedTo(ChronoUnit.MICROS));
    }
}
