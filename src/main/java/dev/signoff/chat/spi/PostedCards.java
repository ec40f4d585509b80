package dev.signoff.chat.spi;

import java.util.List;
import java.util.Optional;

/** The message references of posted cards. One promotion may have a card on several platforms. */
public interface PostedCards {
    /** Stores the reference; remembering the same (platform, messageId) twice keeps one row. */
    void remember(PostedCard card);

    List<PostedCard> forPromotion(String promotionId);

    Optional<PostedCard> byMessage(String platform, String messageId);
}
