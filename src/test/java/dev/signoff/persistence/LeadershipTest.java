package dev.signoff.persistence;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Leadership of singleton jobs")
class LeadershipTest extends DatabaseTest {

    private JdbcLeadership process(String name) {
        return new JdbcLeadership(db.jdbc(), db.transactions(), name);
    }

    @Test
    @DisplayName("of ten processes asking at once, exactly one leads; it renews, the others wait")
    void oneLeader() throws Exception {
        List<JdbcLeadership> processes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            processes.add(process("p" + i));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(10)) {
            for (JdbcLeadership p : processes) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return p.lead("recovery", Duration.ofMinutes(1));
                }));
            }
            go.countDown();
        }
        int leader = -1;
        int leaders = 0;
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).get()) {
                leaders++;
                leader = i;
            }
        }
        assertThat(leaders).isEqualTo(1);
        assertThat(processes.get(leader).lead("recovery", Duration.ofMinutes(1))).as("renews").isTrue();
        assertThat(processes.get((leader + 1) % 10).lead("recovery", Duration.ofMinutes(1))).isFalse();
        assertThat(processes.get((leader + 1) % 10).lead("expiry-sweep", Duration.ofMinutes(1))).as("jobs are led separately").isTrue();
    }

    @Test
    @DisplayName("a leader that stops renewing loses the job when its term runs out")
    void termRunsOut() {
        JdbcLeadership gone = process("gone");
        JdbcLeadership next = process("next");
        assertThat(gone.lead("recovery", Duration.ofMinutes(1))).isTrue();
        assertThat(next.lead("recovery", Duration.ofMinutes(1))).isFalse();
        db.jdbc().sql("update leaders set expires_at = :then").param("then", Timestamps.column(Instant.now().minusSeconds(1))).update();
        assertThat(next.lead("recovery", Duration.ofMinutes(1))).isTrue();
        assertThat(gone.lead("recovery", Duration.ofMinutes(1))).isFalse();
    }
}
