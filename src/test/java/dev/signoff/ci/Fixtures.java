package dev.signoff.ci;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** The notification bodies under src/test/resources/fixtures/ci, as exact bytes. */
final class Fixtures {
    static final byte[] SECRET = "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/ci/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static HookRequest request(String source, byte[] body, Map<String, String> headers, Map<String, String> query) {
        return new HookRequest(source, body, headers, query, "127.0.0.1", Instant.parse("2026-11-18T10:00:00Z"));
    }

    static HookRequest request(String source, byte[] body, Map<String, String> headers) {
        return request(source, body, headers, Map.of());
    }
}
