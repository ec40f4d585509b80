package dev.signoff.persistence;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.signoff.persistence.TestPromotions.at;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Reminders sent")
class ReminderStorageTest extends DatabaseTest {

    @Test
    @DisplayName("the first claim of a promotion's reminder wins; every later one, from any replica, is refused")
    void claimOnce() {
        JdbcReminders one = new JdbcReminders(db.jdbc());
        JdbcReminders other = new JdbcReminders(db.jdbc());

        assertThat(one.claim("p-1", at(43200))).isTrue();
        assertThat(other.claim("p-1", at(43201))).isFalse();
        assertThat(one.claim("p-1", at(43260))).isFalse();
        assertThat(other.claim("p-2", at(43200))).isTrue();
        assertThat(db.jdbc().sql("select count(*) from reminders").query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    @DisplayName("a claim given back (the reminder reached no one) can be claimed again, once")
    void releaseThenClaim() {
        JdbcReminders one = new JdbcReminders(db.jdbc());
        JdbcReminders other = new JdbcReminders(db.jdbc());
        assertThat(one.claim("p-3", at(43200))).isTrue();

        one.release("p-3");

        assertThat(other.claim("p-3", at(43230))).isTrue();
        assertThat(one.claim("p-3", at(43231))).isFalse();
    }
}
