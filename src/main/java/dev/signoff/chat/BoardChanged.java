package dev.signoff.chat;

/**
 * Something on the board changed in {@code app}'s row: a promotion moved, or a stage was locked
 * or unlocked. Published in the thread that made the change, after it is stored.
 */
public record BoardChanged(String app) {
}
