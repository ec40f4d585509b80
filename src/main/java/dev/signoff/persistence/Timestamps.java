package dev.signoff.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Instants in {@code timestamp with time zone} columns. Both databases keep six fractional digits
 * and would round a nanosecond instant; it is truncated to microseconds instead, so what is read
 * back is exactly {@code instant.truncatedTo(MICROS)} on H2 and on PostgreSQL alike.
 */
final class Timestamps {
    private Timestamps() {
    }

    static OffsetDateTime column(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    static Instant read(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
