package dev.signoff.promotion.spi;

import dev.signoff.promotion.PromotionRequest;

import java.util.Optional;

/** Keeps promotions. Saving is all-or-nothing: the promotion, its votes, steps and audit entries. */
public interface PromotionStore {

    Optional<PromotionRequest> find(String id);

    /**
     * Inserts a new promotion (version 0) or updates one whose stored version is still the one it
     * was loaded with; otherwise throws {@link ConcurrentChange} and stores nothing. A second vote
     * by the same person is refused by the store as a concurrent change too.
     */
    void save(PromotionRequest promotion);

    /** Someone else saved the promotion first; load it again and retry. */
    class ConcurrentChange extends RuntimeException {
        public ConcurrentChange(String message) {
            super(message);
        }
    }
}
