/** Flyway schema and JDBC implementations of the storage ports, for PostgreSQL and H2 in PostgreSQL mode. */
@org.springframework.modulith.ApplicationModule(displayName = "Persistence",
        allowedDependencies = {"promotion", "promotion::spi", "chat", "chat::spi", "ci::spi"})
package dev.signoff.persistence;
