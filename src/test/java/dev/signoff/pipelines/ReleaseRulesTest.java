package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.ReleaseConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Releases: named groups of apps, each app once, with a channel of their own")
class ReleaseRulesTest extends PipelinesFileTestSupport {

    /** Two apps; the releases appended to it start on line 13. */
    private static final String APPS = """
            registries:
              sandbox: { host: localhost:5000 }
            apps:
              shop:
                channel: { console: shop }
                stages:
                  - { name: dev, image: sandbox/shop:dev, approval: none }
              cart:
                channel: { console: cart }
                stages:
                  - { name: dev, image: sandbox/cart:dev, approval: none }
            releases:
            """;

    @Test
    @DisplayName("A release lists its apps in running order and its channel per platform")
    void read() {
        PipelineConfig config = load(APPS + """
                  storefront:
                    apps: [cart, shop]
                    channel: { slack: C0SHOP, discord: "112233", console: shop }
                """);

        assertThat(config.releases()).containsOnlyKeys("storefront");
        assertThat(config.release("storefront")).contains(new ReleaseConfig("storefront", List.of("cart", "shop"),
                Map.of("slack", "C0SHOP", "discord", "112233", "console", "shop")));
        assertThat(config.release("shop")).isEmpty();
    }

    @Test
    @DisplayName("An app that is not defined is named, with the apps there are")
    void unknownApp() {
        assertThat(problemsOf(APPS + """
                  storefront: { apps: [shop, payments], channel: { console: shop } }
                """)).isEqualTo(at("releases.storefront.apps[1]", 13)
                + "'payments' names an app that is not defined; apps are shop, cart");
    }

    @Test
    @DisplayName("A release without apps says it needs one")
    void emptyApps() {
        assertThat(problemsOf(APPS + """
                  storefront: { apps: [], channel: { console: shop } }
                """)).isEqualTo(at("releases.storefront.apps", 13) + "needs at least one app, like [shop, cart]");
    }

    @Test
    @DisplayName("An app listed twice is refused, pointing at its first place")
    void duplicateApp() {
        assertThat(problemsOf(APPS + """
                  storefront: { apps: [shop, cart, shop], channel: { console: shop } }
                """)).isEqualTo(at("releases.storefront.apps[2]", 13)
                + "'shop' is listed twice (first as apps[0]); each app runs once in a release");
    }

    @Test
    @DisplayName("A release named like an app is refused: promote <name> must mean one thing")
    void namedLikeAnApp() {
        assertThat(problemsOf(APPS + """
                  cart: { apps: [shop, cart], channel: { console: shop } }
                """)).isEqualTo(at("releases.cart", 13)
                + "'cart' is already the name of an app; a release needs a name of its own");
    }

    @Test
    @DisplayName("A release without a channel says it needs one, with an example")
    void missingChannel() {
        assertThat(problemsOf(APPS + """
                  storefront: { apps: [shop, cart] }
                """)).isEqualTo(at("releases.storefront", 13)
                + "'channel' is required, like channel: { slack: C0SHOP, discord: \"1122334455\", console: shop }");
    }

    @Test
    @DisplayName("A channel on a platform Signoff does not know is refused with the platforms there are")
    void oddChannelPlatform() {
        assertThat(problemsOf(APPS + """
                  storefront:
                    apps: [shop, cart]
                    channel: { teams: shop }
                """)).isEqualTo(at("releases.storefront.channel.teams", 15)
                + "'teams' is not a known key here; the known keys are slack, discord, console");
    }

    @Test
    @DisplayName("A Discord channel id that is not a number is refused")
    void oddDiscordChannel() {
        assertThat(problemsOf(APPS + """
                  storefront:
                    apps: [shop, cart]
                    channel: { discord: shop-room }
                """)).isEqualTo(at("releases.storefront.channel.discord", 15)
                + "'shop-room' is not a Discord channel id (Discord ids are numbers; quote them to be safe)");
    }

    @Test
    @DisplayName("An empty channel mapping says a release needs a channel on at least one platform")
    void emptyChannel() {
        assertThat(problemsOf(APPS + """
                  storefront: { apps: [shop], channel: {} }
                """)).isEqualTo(at("releases.storefront.channel", 13)
                + "needs a channel on at least one platform, like { slack: C0SHOP, discord: \"1122334455\", console: shop }");
    }
}
