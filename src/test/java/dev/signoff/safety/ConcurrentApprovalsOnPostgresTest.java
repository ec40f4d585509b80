package dev.signoff.safety;

import dev.signoff.testing.LocalPostgres;
import dev.signoff.testing.TestAdapters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.DriverManager;

/**
 * On the local PostgreSQL (127.0.0.1:5432, user postgres, database test), in a schema of its own;
 * skipped without it, failed under CI=true (see {@link LocalPostgres}).
 */
@SpringBootTest
@Import(TestAdapters.class)
@EnabledIf("dev.signoff.testing.LocalPostgres#available")
@DisplayName("Safe twice, on PostgreSQL")
class ConcurrentApprovalsOnPostgresTest extends ConcurrentApprovals {
    static final String SCHEMA = "signoff_it_" + Long.toHexString(System.nanoTime());
    static final String URL = LocalPostgres.URL;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL + "?currentSchema=" + SCHEMA);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.flyway.schemas", () -> SCHEMA);
    }

    @AfterAll
    static void dropSchema() throws Exception {
        try (var c = DriverManager.getConnection(URL, "postgres", ""); var s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }
}
