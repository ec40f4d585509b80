package dev.signoff.promotion.steps;

import dev.signoff.promotion.spi.ProgressListener;

import java.util.function.Function;

/** What undoing a finished step takes: nothing, or putting something back. */
public sealed interface Undo {

    /** The step changed nothing that a failure later on should take back (a copy keeps its tag). */
    Undo NOTHING = new Nothing(null);

    /** Nothing to undo; {@code why}, when given, tells the card ("nothing ran before, so there was nothing to roll back to"). */
    record Nothing(String why) implements Undo {
    }

    /**
     * Puts back what the step changed: {@code description} is the card's first words ("putting
     * back shop@sha256:…"), {@code work} does it and returns the summary ("rolled back to …").
     */
    record PutBack(String description, Function<ProgressListener, String> work) implements Undo {
    }
}
