package dev.signoff.persistence;

import dev.signoff.promotion.Build;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.spi.Builds;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Optional;

/** Builds CI reported, kept as evidence for the {@code ci: passed} gate. */
@Repository
class JdbcBuilds implements Builds {
    private final JdbcClient jdbc;

    JdbcBuilds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(Build b) {
        jdbc.sql("""
                        insert into builds (app, digest, image, commit_sha, branch, success, url, source, received_at)
                        values (:app, :digest, :image, :commit, :branch, :success, :url, :source, :receivedAt)""")
                .param("app", b.app())
                .param("digest", b.digest().toString())
                .param("image", b.image())
                .param("commit", b.commit())
                .param("branch", b.branch())
                .param("success", b.success())
                .param("url", b.url())
                .param("source", b.source())
                .param("receivedAt", Timestamps.column(b.receivedAt()))
                .update();
    }

    @Override
    public Optional<Build> latestFor(String app, Digest digest) {
        return jdbc.sql("""
                        select * from builds where app = :app and digest = :digest
                        order by received_at desc, id desc limit 1""")
                .param("app", app)
                .param("digest", digest.toString())
                .query((rs, n) -> new Build(rs.getString("app"), Digest.parse(rs.getString("digest")),
                        rs.getString("image"), rs.getString("commit_sha"), rs.getString("branch"),
                        rs.getBoolean("success"), rs.getString("url"), rs.getString("source"),
                        Timestamps.read(rs, "received_at")))
                .optional();
    }
}
