package dev.signoff.persistence;

import dev.signoff.promotion.AuditEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.signoff.persistence.TestPromotions.at;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The audit log")
class AuditLogTest extends DatabaseTest {
    private JdbcAuditLog audit;

    @BeforeEach
    void repository() {
        audit = new JdbcAuditLog(db.jdbc());
    }

    private static AuditEntry entry(int n, String promotionId) {
        return new AuditEntry(at(n), "alice", "action " + n, "shop", "prod", promotionId,
                promotionId == null ? null : TestPromotions.DIGEST.toString(), "ok", "detail " + n);
    }

    @Test
    @DisplayName("keeps appended entries as they were, oldest first, with the empty fields of a lock command empty")
    void appendAndRead() {
        AuditEntry first = entry(1, "p-1");
        AuditEntry lock = new AuditEntry(at(2), "bob", "lock", "shop", "prod", null, null, "ok", null);
        audit.append(first);
        audit.append(lock);

        assertThat(audit.entries(null, 10)).containsExactly(first, lock);
    }

    @Test
    @DisplayName("lists one promotion's entries, or everyone's")
    void byPromotion() {
        audit.append(entry(1, "p-1"));
        audit.append(entry(2, "p-2"));
        audit.append(entry(3, "p-1"));

        assertThat(audit.entries("p-1", 10)).extracting(AuditEntry::action).containsExactly("action 1", "action 3");
        assertThat(audit.entries(null, 10)).extracting(AuditEntry::action).containsExactly("action 1", "action 2", "action 3");
    }

    @Test
    @DisplayName("with a limit, gives the latest entries, still oldest first")
    void limitKeepsTheLatest() {
        for (int n = 1; n <= 5; n++) {
            audit.append(entry(n, "p-1"));
        }

        assertThat(audit.entries("p-1", 2)).extracting(AuditEntry::action).containsExactly("action 4", "action 5");
        assertThat(audit.entries(null, 3)).extracting(AuditEntry::action).containsExactly("action 3", "action 4", "action 5");
    }

    @Test
    @DisplayName("orders entries by time, and entries of the same instant as they were appended")
    void timeOrder() {
        audit.append(entry(9, "p-1"));
        audit.append(entry(1, "p-1"));
        audit.append(new AuditEntry(at(1), "bob", "same instant", "shop", "prod", "p-1", null, "ok", null));

        assertThat(audit.entries("p-1", 10)).extracting(AuditEntry::action)
                .containsExactly("action 1", "same instant", "action 9");
    }
}
