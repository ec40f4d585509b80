package dev.signoff.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.RegistryConfig;

/** Small helpers shared by the registry tests: a pipeline config with just registries, fast retries, request recording. */
final class RegistryFixtures {
    private RegistryFixtures() {
    }

    record Exchange(String method, URI uri, int status) {
    }

    /** Records every exchange the client makes. */
    static final class Recorder implements RegistrySettings.ExchangeObserver {
        final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

        @Override
        public void exchanged(String method, URI uri, int status) {
            exchanges.add(new Exchange(method, uri, status));
        }

        int count() {
            return exchanges.size();
        }

        void clear() {
            exchanges.clear();
        }
    }

    static PipelineConfig pipelines(RegistryConfig... registries) {
        Map<String, RegistryConfig> byName = new LinkedHashMap<>();
        for (RegistryConfig registry : registries) {
            byName.put(registry.name(), registry);
        }
        return new PipelineConfig(Map.of(), Map.of(), byName, Map.of(), Map.of());
    }

    static RegistryConfig named(String name, LocalRegistry registry, String credentials) {
        return new RegistryConfig(name, registry.host(), true, credentials);
    }

    /** Quick retries so that fault tests stay fast. */
    static RegistrySettings fast(Map<String, String> env, RegistrySettings.ExchangeObserver observer) {
        return RegistrySettings.defaults().withRetries(4, Duration.ofMillis(50), Duration.ofMillis(400))
                .withEnv(env).withObserver(observer);
    }

    /** A docker config folder whose config.json holds an auth entry for the host. */
    static Path dockerConfig(Path folder, String host, String user, String password) {
        try {
            Files.createDirectories(folder);
            String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            Files.writeString(folder.resolve("config.json"), "{\"auths\": {\"" + host + "\": {\"auth\": \"" + auth + "\"}}}");
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
