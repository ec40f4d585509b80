package dev.signoff.persistence;

import dev.signoff.promotion.BreakGlass;
import dev.signoff.promotion.PromotionRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.signoff.persistence.TestPromotions.T0;
import static dev.signoff.persistence.TestPromotions.TWO_APPROVALS;
import static dev.signoff.persistence.TestPromotions.draft;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Break-glass promotions in storage")
class BreakGlassStorageTest extends DatabaseTest {

    @Test
    @DisplayName("keep their reason and the freeze they cross; an ordinary promotion has neither")
    void roundTrip() {
        JdbcPromotionStore store = new JdbcPromotionStore(db.jdbc(), db.transactions());
        PromotionRequest.Draft plain = draft("p-glass", "shop", "prod");
        BreakGlass glass = new BreakGlass("checkout down, fix #812", "Fri 16:00-Mon 08:00 Europe/Berlin");
        store.save(PromotionRequest.open(new PromotionRequest.Draft(plain.id(), plain.kind(), plain.app(), plain.fromStage(),
                plain.toStage(), plain.source(), plain.target(), plain.digest(), plain.commit(), plain.requestedBy(), plain.plan(), glass),
                TWO_APPROVALS, T0));
        store.save(PromotionRequest.open(draft("p-plain", "shop", "prod"), TWO_APPROVALS, T0));

        assertThat(store.find("p-glass").orElseThrow().breakGlass()).contains(glass);
        assertThat(store.find("p-plain").orElseThrow().isBreakGlass()).isFalse();
    }
}
