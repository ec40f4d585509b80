/** Shared web plumbing: the loopback-or-token guard for the console and the JSON API, and error bodies for bad requests. */
@org.springframework.modulith.ApplicationModule(displayName = "Web plumbing", allowedDependencies = {})
package dev.signoff.web;
