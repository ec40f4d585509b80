package dev.signoff.persistence;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.StageDeployment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.signoff.persistence.TestPromotions.at;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Deployments")
class DeploymentsTest extends DatabaseTest {
    private JdbcDeployments deployments;

    @BeforeEach
    void repository() {
        deployments = new JdbcDeployments(db.jdbc());
    }

    private static StageDeployment deployed(String stage, String build, PromotionKind kind, long seconds) {
        return new StageDeployment("shop", stage, Digest.sha256Of(build), kind, "p-" + build, "alice", at(seconds));
    }

    @Test
    @DisplayName("answer the newest deployment of a stage as what runs there now")
    void current() {
        StageDeployment first = deployed("prod", "b1", PromotionKind.PROMOTE, 0);
        StageDeployment second = deployed("prod", "b2", PromotionKind.PROMOTE, 100);
        StageDeployment rollback = deployed("prod", "b1", PromotionKind.ROLLBACK, 200);
        deployments.record(first);
        deployments.record(second);
        deployments.record(deployed("test", "b3", PromotionKind.PROMOTE, 300));

        assertThat(deployments.current("shop", "prod")).contains(second);
        deployments.record(rollback);
        assertThat(deployments.current("shop", "prod")).contains(rollback);
        assertThat(deployments.current("shop", "dev")).isEmpty();
        assertThat(deployments.current("cart", "prod")).isEmpty();
    }

    @Test
    @DisplayName("list the history of one stage or of all an app's stages, newest first, up to the limit")
    void history() {
        StageDeployment p1 = deployed("prod", "b1", PromotionKind.PROMOTE, 0);
        StageDeployment t2 = deployed("test", "b2", PromotionKind.PROMOTE, 100);
        StageDeployment p2 = deployed("prod", "b2", PromotionKind.PROMOTE, 200);
        StageDeployment sunset = deployed("test", "b2", PromotionKind.SUNSET, 300);
        deployments.record(p1);
        deployments.record(t2);
        deployments.record(p2);
        deployments.record(sunset);
        deployments.record(new StageDeployment("cart", "prod", Digest.sha256Of("c"), PromotionKind.PROMOTE, null, null, at(400)));

        assertThat(deployments.history("shop", "prod", 10)).containsExactly(p2, p1);
        assertThat(deployments.history("shop", null, 10)).containsExactly(sunset, p2, t2, p1);
        assertThat(deployments.history("shop", null, 2)).containsExactly(sunset, p2);
        assertThat(deployments.history("cart", "prod", 10)).singleElement()
                .satisfies(d -> assertThat(d.promotionId()).isNull());
    }
}
