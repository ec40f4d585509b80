package dev.signoff.promotion;

import java.util.Objects;

/**
 * A promotion through a freeze: why it cannot wait ({@code reason}), and the freeze window it
 * crosses, as the stage's config writes it. Approved under the stage's break-glass policy, never
 * by the person who asked; it then runs although the stage is frozen.
 */
public record BreakGlass(String reason, String freeze) {
    public BreakGlass {
        Objects.requireNonNull(reason, "a break-glass promotion says why");
        Objects.requireNonNull(freeze, "a break-glass promotion names the freeze it crosses");
    }
}
