package dev.signoff.chat;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.events.AutoPromotionRefused;
import dev.signoff.promotion.events.BuildReported;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Posts what CI and registries report in the app's channel on every platform where it has one:
 * a build passed or failed, an image was pushed, what Signoff does next, and an automatic
 * promotion that was refused. Runs in the publishing thread (the CI module's executor); a
 * platform that fails is logged and does not stop the others.
 */
@Component
class BuildAnnouncer {
    private static final Logger log = LoggerFactory.getLogger(BuildAnnouncer.class);

    private final Promotions promotions;
    private final Map<String, ChatGateway> gateways;

    BuildAnnouncer(Promotions promotions, List<ChatGateway> gateways) {
        this.promotions = promotions;
        this.gateways = gateways.stream().collect(Collectors.toMap(ChatGateway::platform, Function.identity()));
    }

    @EventListener
    void on(BuildReported build) {
        post(build.app(), text(build));
    }

    @EventListener
    void on(AutoPromotionRefused refused) {
        post(refused.app(), "✗ " + refused.app() + " " + Digest.parse(refused.digest()).shortForm() + " was not promoted to "
                + refused.stage() + ": " + refused.reason());
    }

    /**
     * {@code ✓ shop: build passed · commit 3484a3f on master · sandbox/shop:sha-3484a3f (sha256:1a2b3c4d5e6f) · github}
     * and, on further lines, the commit message, the link and what happens next.
     */
    static String text(BuildReported b) {
        StringBuilder text = new StringBuilder(b.success() ? "✓ " : "✗ ").append(b.app()).append(": ");
        text.append("push".equals(b.kind()) ? "image pushed" : b.success() ? "build passed" : "build failed");
        if (b.commit() != null) {
            text.append(" · commit ").append(b.commit(), 0, Math.min(7, b.commit().length()));
            if (b.branch() != null) {
                text.append(" on ").append(b.branch());
            }
        }
        if (b.image() != null) {
            text.append(" · ").append(b.image());
        }
        if (b.digest() != null && (b.image() == null || !b.image().contains("@"))) {
            text.append(" (").append(Digest.parse(b.digest()).shortForm()).append(')');
        }
        text.append(" · ").append(b.source());
        if (b.message() != null) {
            text.append("\n").append(b.message());
        }
        if (b.url() != null) {
            text.append("\n").append(b.url());
        }
        if (b.success() && b.digest() == null && b.imageProblem() != null) {
            text.append("\nNot promoted: ").append(b.imageProblem());
        } else if (b.next() != null) {
            text.append("\n").append(b.next().startsWith("promoting") ? "→ " + b.next() : "Not promoted: " + b.next());
        }
        return text.toString();
    }

    private void post(String appName, String text) {
        promotions.config().app(appName).ifPresent(app -> app.channels().forEach((platform, channel) -> {
            ChatGateway gateway = gateways.get(platform);
            if (gateway == null) {
                return;
            }
            try {
                gateway.postText(channel, text, null);
            } catch (RuntimeException e) {
                log.warn("could not post a build of {} to {} channel {}: {}", appName, platform, channel, e.toString());
            }
        }));
    }
}
