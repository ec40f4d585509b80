/**
 * Slack: Bolt in (slash commands, button clicks, the reject modal; HTTP or Socket Mode), Block Kit
 * out (cards posted and edited through the chat core's gateway). Off unless a bot token is set.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Slack", allowedDependencies = "chat")
package dev.signoff.slack;
