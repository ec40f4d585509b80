package dev.signoff.promotion.spi;

/** Where an adapter reports how far a step has got, in words for the card ("2 of 3 updated"). */
@FunctionalInterface
public interface ProgressListener {
    void progress(String detail);

    ProgressListener NONE = detail -> { };
}
