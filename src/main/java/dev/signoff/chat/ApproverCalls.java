package dev.signoff.chat;

import dev.signoff.chat.spi.PostedCard;
import dev.signoff.chat.spi.PostedCards;
import dev.signoff.chat.spi.Reminders;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Tells approvers that a card waits for them: a line in the card's thread that mentions them when
 * it is posted, and once, when half its time has passed and it still waits, a reminder that
 * mentions those who have not voted. A stage with {@code remind: false} does neither; a card
 * that does not expire gets no reminder. The reminder is claimed in storage before it is sent, so
 * it goes once whichever replica's sweep finds it first, and not again after a restart.
 */
@Component
class ApproverCalls {
    private static final Logger log = LoggerFactory.getLogger(ApproverCalls.class);

    private final Promotions promotions;
    private final PostedCards postedCards;
    private final Reminders reminders;
    private final Map<String, ChatGateway> gateways;
    private final Clock clock;

    ApproverCalls(Promotions promotions, PostedCards postedCards, Reminders reminders, List<ChatGateway> gateways, Clock clock) {
        this.promotions = promotions;
        this.postedCards = postedCards;
        this.reminders = reminders;
        this.gateways = gateways.stream().collect(Collectors.toMap(ChatGateway::platform, Function.identity()));
        this.clock = clock;
    }

    /**
     * Under a card just posted on {@code gateway}'s platform: "Approval needed from …", naming the
     * approvers of each of the card's promotions still waiting whose stage reminds (one for an
     * app's card, each member for a release's), each person or group once.
     */
    void announce(List<PromotionRequest> waiting, ChatGateway gateway, String channel, String messageId) {
        List<Mention> who = waiting.stream()
                .filter(p -> p.status() == PromotionStatus.PENDING_APPROVAL && p.requiredApprovals() > 0)
                .flatMap(p -> reminding(p).stream()
                        .flatMap(stage -> ApproverMentions.of(p, stage.approvalFor(p), promotions.config(), gateway.platform()).stream()))
                .distinct().toList();
        if (!who.isEmpty()) {
            gateway.postMentions(channel, CardWording.approvalNeeded(who), messageId);
        }
    }

    /** The sweep: beside the expiry sweep, at the same pace. */
    @Scheduled(fixedDelayString = "${signoff.expiry-sweep:30s}", initialDelayString = "${signoff.expiry-sweep:30s}")
    void sweep() {
        try {
            remindDue();
        } catch (RuntimeException e) {
            log.warn("the reminder sweep failed: {}", e.toString());
        }
    }

    /** Sends each reminder that is due and not yet sent; returns how many promotions were reminded. */
    int remindDue() {
        Instant now = clock.instant();
        int sent = 0;
        for (PromotionRequest p : promotions.waiting()) {
            Optional<Stage> stage = reminding(p);
            if (stage.isEmpty() || !isDue(p, now) || !reminders.claim(p.id(), now)) {
                continue;
            }
            sent++;
            for (PostedCard card : postedCards.forPromotion(p.id())) {
                ChatGateway gateway = gateways.get(card.platform());
                List<Mention> who = gateway == null ? List.of()
                        : ApproverMentions.of(p, stage.get().approvalFor(p), promotions.config(), card.platform());
                if (!who.isEmpty()) {
                    remind(gateway, card, CardWording.stillWaiting(who, Duration.between(now, p.expiresAt())));
                }
            }
        }
        return sent;
    }

    /** Half the card's time has passed and it has not run out. */
    static boolean isDue(PromotionRequest p, Instant now) {
        if (p.expiresAt() == null || !now.isBefore(p.expiresAt())) {
            return false;
        }
        Instant half = p.requestedAt().plus(Duration.between(p.requestedAt(), p.expiresAt()).dividedBy(2));
        return !now.isBefore(half);
    }

    private Optional<Stage> reminding(PromotionRequest p) {
        return promotions.config().stage(p.app(), p.toStage()).filter(Stage::remind);
    }

    private static void remind(ChatGateway gateway, PostedCard card, Mention.Line line) {
        try {
            gateway.postMentions(card.channel(), line, card.messageId());
        } catch (RuntimeException e) {
            log.warn("could not remind the approvers of promotion {} on {}: {}", card.promotionId(), card.platform(), e.toString());
        }
    }
}
