package dev.signoff.safety;

import dev.signoff.testing.LocalPostgres;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.condition.EnabledIf;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;

/**
 * {@link KilledProcessRecovery} on PostgreSQL: both processes in a schema of this run's own;
 * skipped without it, failed under CI=true (see {@link LocalPostgres}).
 */
@EnabledIf("dev.signoff.testing.LocalPostgres#available")
@DisplayName("A process killed mid-step, on PostgreSQL,")
class KilledProcessRecoveryTest extends KilledProcessRecovery {
    static final String SCHEMA = "signoff_killed_" + Long.toHexString(System.nanoTime());

    @Override
    List<String> database(Path dir) {
        return List.of("--spring.datasource.url=" + LocalPostgres.URL + "?currentSchema=" + SCHEMA,
                "--spring.datasource.username=" + LocalPostgres.USER, "--spring.datasource.password=" + LocalPostgres.PASSWORD,
                "--spring.flyway.schemas=" + SCHEMA);
    }

    @Override
    void dropDatabase() throws Exception {
        try (var c = DriverManager.getConnection(LocalPostgres.URL, LocalPostgres.USER, LocalPostgres.PASSWORD); var s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }
}
