package dev.signoff.persistence;

import dev.signoff.promotion.Build;
import dev.signoff.promotion.Digest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.signoff.persistence.TestPromotions.at;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Builds")
class BuildsTest extends DatabaseTest {
    private static final Digest DIGEST = Digest.sha256Of("build 7");

    private JdbcBuilds builds;

    @BeforeEach
    void repository() {
        builds = new JdbcBuilds(db.jdbc());
    }

    private static Build build(String app, Digest digest, boolean success, long seconds) {
        return new Build(app, digest, "localhost:5000/" + app + "@" + digest, "9a8b7c6d", "main", success,
                "https://ci.example.com/" + app + "/" + seconds, "github", at(seconds));
    }

    @Test
    @DisplayName("answer the latest build reported for an app and digest, with every field")
    void latestFor() {
        Build failed = build("shop", DIGEST, false, 0);
        Build rerun = build("shop", DIGEST, true, 60);
        builds.record(failed);
        builds.record(rerun);
        builds.record(build("shop", Digest.sha256Of("other"), false, 120));
        builds.record(build("cart", DIGEST, false, 180));

        assertThat(builds.latestFor("shop", DIGEST)).contains(rerun);
    }

    @Test
    @DisplayName("answer nothing for a digest no build produced, and keep empty fields empty")
    void unknownAndSparse() {
        Build sparse = new Build("shop", DIGEST, null, null, null, true, null, "generic", at(0));
        builds.record(sparse);

        assertThat(builds.latestFor("shop", Digest.sha256Of("never built"))).isEmpty();
        assertThat(builds.latestFor("shop", DIGEST)).contains(sparse);
    }
}
