package dev.signoff.persistence;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs every test of a subclass once on H2 and once on PostgreSQL, each run on its own freshly
 * migrated database, with all rows deleted before each test. Without PostgreSQL its runs are
 * skipped, or fail under CI=true (see {@link dev.signoff.testing.LocalPostgres}).
 */
@ParameterizedClass(name = "on {0}")
@MethodSource("dev.signoff.persistence.TestDatabase#both")
abstract class DatabaseTest {
    @Parameter
    TestDatabase db;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase db) {
        db.start();
    }

    @AfterParameterizedClassInvocation
    static void stop(TestDatabase db) {
        db.stop();
    }

    @BeforeEach
    void emptyDatabase() {
        assumeTrue(db.isUp(), "PostgreSQL does not answer on 127.0.0.1:5432");
        db.deleteAllRows();
    }
}
