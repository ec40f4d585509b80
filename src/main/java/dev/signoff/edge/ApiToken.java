package dev.signoff.edge;

import dev.signoff.promotion.CloudflareAccount;
import dev.signoff.promotion.spi.StepFailure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Cloudflare account's API token, read from where its reference says ({@code env:VAR} or
 * {@code file:/path}) when a step needs it, so that a rotated file is picked up. The token itself
 * appears in no message, log line or {@link #toString()}.
 */
final class ApiToken {
    private final String value;

    private ApiToken(String value) {
        this.value = value;
    }

    static ApiToken resolve(CloudflareAccount account, Map<String, String> env) {
        String ref = account.apiToken();
        String where = "Cloudflare account " + account.name() + ": apiToken " + ref;
        String value;
        if (ref.startsWith("env:")) {
            value = env.get(ref.substring(4));
            if (value == null || value.isBlank()) {
                throw new StepFailure(where + ": the environment variable " + ref.substring(4) + " is not set", false);
            }
        } else if (ref.startsWith("file:")) {
            try {
                value = Files.readString(Path.of(ref.substring(5)), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new StepFailure(where + ": no such file", false);
            } catch (IOException e) {
                throw new StepFailure(where + ": cannot read the file (" + e.getClass().getSimpleName() + ")", false);
            }
        } else {
            throw new StepFailure(where + ": must be env:VAR or file:/path", false);
        }
        return new ApiToken(value.strip());
    }

    String bearer() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "ApiToken[****]";
    }
}
