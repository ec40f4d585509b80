package dev.signoff.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.signoff.testing.LocalPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.UUID;
import java.util.stream.Stream;

/**
 * A freshly migrated database for one run of a test class: H2 in memory, or a new schema in the
 * PostgreSQL on 127.0.0.1:5432 (dropped again afterwards). Without that PostgreSQL its runs are
 * skipped, or fail under CI=true: see {@link LocalPostgres}.
 */
final class TestDatabase {
    private static final String H2_FLAGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    private static final String TABLES_CHILDREN_FIRST = "release_members, releases, leaders, pause_signals, votes, promotion_steps, promotions, audit_log, stage_locks, "
            + "stage_leases, deployments, builds, posted_cards, button_tokens, hook_deliveries, reminders";

    private final boolean postgres;
    private HikariDataSource dataSource;
    private String schema;

    private TestDatabase(boolean postgres) {
        this.postgres = postgres;
    }

    static Stream<TestDatabase> both() {
        return Stream.of(new TestDatabase(false), new TestDatabase(true));
    }

    void start() {
        String name = "signoff_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        if (!postgres) {
            dataSource = pool("jdbc:h2:mem:" + name + H2_FLAGS, "sa", "");
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } else if (LocalPostgres.available()) {
            schema = name;
            dataSource = pool(LocalPostgres.URL + "?currentSchema=" + schema, LocalPostgres.USER, LocalPostgres.PASSWORD);
            Flyway.configure().dataSource(dataSource).schemas(schema).locations("classpath:db/migration").load().migrate();
        }
    }

    void stop() {
        if (dataSource == null) {
            return;
        }
        jdbc().sql(postgres ? "drop schema " + schema + " cascade" : "shutdown").update();
        dataSource.close();
    }

    boolean isUp() {
        return dataSource != null;
    }

    JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    TransactionTemplate transactions() {
        return new TransactionTemplate(new JdbcTransactionManager(dataSource));
    }

    void deleteAllRows() {
        for (String table : TABLES_CHILDREN_FIRST.split(", ")) {
            jdbc().sql("delete from " + table).update();
        }
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(25);
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }

    @Override
    public String toString() {
        return postgres ? "PostgreSQL" : "H2";
    }
}
