package dev.signoff.promotion;

/** What a request does once approved. */
public enum PromotionKind {
    /** Copy the image to the stage's tag and deploy it there. */
    PROMOTE,
    /** Put an earlier successful digest back into the stage. */
    ROLLBACK,
    /** Decommission the app in the stage: scale to zero, remove exposure, delete the stage tag. */
    SUNSET
}
