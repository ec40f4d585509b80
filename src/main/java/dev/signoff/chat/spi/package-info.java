/** What the chat layer needs stored: where each card was posted, and the tokens its buttons carry. */
@org.springframework.modulith.NamedInterface("spi")
package dev.signoff.chat.spi;
