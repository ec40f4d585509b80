/**
 * Discord: interactions in (HTTP with Ed25519, or the gateway through JDA), embeds with buttons
 * out through the REST API with the bot token. Imports the chat core only.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Discord", allowedDependencies = "chat")
package dev.signoff.discord;
