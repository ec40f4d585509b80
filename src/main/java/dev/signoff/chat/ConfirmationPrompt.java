package dev.signoff.chat;

/**
 * A question a platform asks one person before their Approve counts: its wording, and the token
 * its go-ahead button carries (bound to that person and to the digest the card showed).
 */
public record ConfirmationPrompt(Card.Confirmation wording, String token) {
}
