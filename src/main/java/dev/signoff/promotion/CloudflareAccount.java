package dev.signoff.promotion;

/**
 * A Cloudflare account as named under {@code cloudflare:} in the config: its id, where its API
 * token comes from ({@code env:VAR} or {@code file:/path}, never the token itself) and the API's
 * base URL ({@link #DEFAULT_API_URL} unless a proxy or a test stands in).
 */
public record CloudflareAccount(String name, String accountId, String apiToken, String apiUrl) {
    public static final String DEFAULT_API_URL = "https://api.cloudflare.com/client/v4";

    public CloudflareAccount {
        if (apiToken == null || !(apiToken.startsWith("env:") || apiToken.startsWith("file:"))) {
            throw new IllegalArgumentException("a Cloudflare API token is given by reference, env:VAR or file:/path");
        }
    }
}
