package dev.signoff.promotion.spi;

import dev.signoff.promotion.AuditEntry;

import java.util.List;

/** The append-only audit log. Entries are never changed or removed. */
public interface AuditLog {
    void append(AuditEntry entry);

    /** Oldest first; {@code promotionId} may be null for everything. */
    List<AuditEntry> entries(String promotionId, int limit);
}
