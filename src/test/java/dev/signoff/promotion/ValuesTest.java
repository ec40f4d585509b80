package dev.signoff.promotion;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Value objects")
class ValuesTest {

    @Test
    @DisplayName("a digest is validated at construction")
    void digest() {
        Digest d = Digest.sha256Of("x");
        assertThat(Digest.parse(d.toString())).isEqualTo(d);
        assertThat(d.shortForm()).hasSize("sha256:".length() + 12);
        assertThatThrownBy(() -> Digest.parse("sha256:abc")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a digest");
        assertThatThrownBy(() -> Digest.parse("latest")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Digest.parse(d.toString().toUpperCase())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("an image reference names a configured registry, a repository and a tag or digest")
    void imageRef() {
        ImageRef ref = ImageRef.parse("enterprise/team/shop:prod");
        assertThat(ref.registry()).isEqualTo("enterprise");
        assertThat(ref.repository()).isEqualTo("team/shop");
        assertThat(ref.tag()).isEqualTo("prod");
        Digest d = Digest.sha256Of("y");
        assertThat(ImageRef.parse("sandbox/shop@" + d).digest()).isEqualTo(d);
        assertThat(ref.withDigest(d).toString()).isEqualTo("enterprise/team/shop@" + d);
        assertThatThrownBy(() -> ImageRef.parse("shop:dev")).hasMessageContaining("registry name");
        assertThatThrownBy(() -> ImageRef.parse("sandbox/shop")).hasMessageContaining("needs a tag");
        assertThatThrownBy(() -> ImageRef.parse("sandbox/Shop:dev")).hasMessageContaining("not a valid repository");
        assertThatThrownBy(() -> ImageRef.parse("sandbox/shop:-bad")).hasMessageContaining("not a valid tag");
    }

    @Test
    @DisplayName("durations read and print the way config writes them")
    void durations() {
        assertThat(Durations.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThatThrownBy(() -> Durations.parse("30 minutes")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("m30")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("")).hasMessageContaining("required");
    }

    @Test
    @DisplayName("a weekly freeze wraps over the weekend in its own time zone")
    void weeklyFreeze() {
        FreezeWindow w = FreezeWindow.parse("Fri 16:00-Mon 08:00 Europe/Berlin");
        // Berlin is UTC+1 in November.
        assertThat(w.contains(Instant.parse("2026-11-20T14:59:00Z"))).isFalse(); // Fri 15:59 Berlin
        assertThat(w.contains(Instant.parse("2026-11-20T15:00:00Z"))).isTrue();  // Fri 16:00 Berlin
        assertThat(w.contains(Instant.parse("2026-11-22T12:00:00Z"))).isTrue();  // Sunday
        assertThat(w.contains(Instant.parse("2026-11-23T06:59:00Z"))).isTrue();  // Mon 07:59 Berlin
        assertThat(w.contains(Instant.parse("2026-11-23T07:00:00Z"))).isFalse(); // Mon 08:00 Berlin
        assertThat(w.contains(TestPipelines.WEDNESDAY)).isFalse();
        assertThat(w.endText()).isEqualTo("Mon 08:00 Europe/Berlin");
    }

    @Test
    @DisplayName("a summer-time freeze follows the zone's offset")
    void summerTime() {
        FreezeWindow w = FreezeWindow.parse("Fri 16:00-Mon 08:00 Europe/Berlin");
        assertThat(w.contains(Instant.parse("2026-07-03T14:00:00Z"))).isTrue();  // Fri 16:00 CEST
        assertThat(w.contains(Instant.parse("2026-07-03T13:59:00Z"))).isFalse();
    }

    @Test
    @DisplayName("daily and one-off freezes")
    void otherFreezes() {
        FreezeWindow nightly = FreezeWindow.parse("18:00-08:00 UTC");
        assertThat(nightly.contains(Instant.parse("2026-11-18T23:00:00Z"))).isTrue();
        assertThat(nightly.contains(Instant.parse("2026-11-18T12:00:00Z"))).isFalse();
        FreezeWindow holidays = FreezeWindow.parse("2026-12-24 00:00-2026-12-27 08:00 Europe/Berlin");
        assertThat(holidays.contains(Instant.parse("2026-12-25T12:00:00Z"))).isTrue();
        assertThat(holidays.contains(Instant.parse("2026-12-28T12:00:00Z"))).isFalse();
        assertThat(holidays.endText()).isEqualTo("2026-12-27 08:00 Europe/Berlin");
    }

    @Test
    @DisplayName("a bad freeze window is refused with examples")
    void badFreeze() {
        assertThatThrownBy(() -> FreezeWindow.parse("weekends")).hasMessageContaining("Fri 16:00-Mon 08:00 Europe/Berlin");
        assertThatThrownBy(() -> FreezeWindow.parse("Fri 16:00-Mon 08:00 Mars/Olympus")).hasMessageContaining("Mars/Olympus");
        assertThatThrownBy(() -> FreezeWindow.parse("Fry 16:00-Mon 08:00 UTC")).hasMessageContaining("not a day");
        assertThatThrownBy(() -> FreezeWindow.parse("25:00-08:00 UTC")).hasMessageContaining("not a time of day");
    }

    @Test
    @DisplayName("a commit link carries the whole commit, encoded so it stays one path segment")
    void commitLink() {
        AppConfig shop = TestPipelines.withCommitUrl(TestPipelines.shop(), "shop", "https://github.com/acme/shop/commit/{sha}")
                .app("shop").orElseThrow();
        assertThat(shop.commitLink("9f3c2d1e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d"))
                .contains("https://github.com/acme/shop/commit/9f3c2d1e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d");
        assertThat(shop.commitLink(" c0ffee1\n")).contains("https://github.com/acme/shop/commit/c0ffee1");
        assertThat(shop.commitLink("../../x?y=1#z|>) ü")).contains("https://github.com/acme/shop/commit/..%2F..%2Fx%3Fy%3D1%23z%7C%3E%29%20%C3%BC");
        assertThat(shop.commitLink(null)).isEmpty();
        assertThat(shop.commitLink(" ")).isEmpty();
        assertThat(TestPipelines.shop().app("shop").orElseThrow().commitLink("c0ffee1")).isEmpty();
    }
}
