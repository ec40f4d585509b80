/** The local web console: a chat channel in the browser with live cards, for trying Signoff without a chat platform. Loopback only. */
@org.springframework.modulith.ApplicationModule(displayName = "Local console", allowedDependencies = "chat")
package dev.signoff.console;
