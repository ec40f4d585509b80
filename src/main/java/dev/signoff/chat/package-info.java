/**
 * Platform-neutral chat: the command parser, the card model and its wording, button tokens, and
 * the card updater that edits posted cards as promotions move. Platforms (console, Slack,
 * Discord) render cards and carry messages; they import this module only.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Chat core",
        allowedDependencies = {"promotion", "promotion::events", "promotion::spi"})
package dev.signoff.chat;
