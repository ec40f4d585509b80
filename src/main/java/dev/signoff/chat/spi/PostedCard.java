package dev.signoff.chat.spi;

import java.time.Instant;

/** Where a promotion's card was posted, so it can be edited later without searching channel history. */
public record PostedCard(String promotionId, String platform, String channel, String messageId, Instant postedAt) {
}
