package dev.signoff.safety;

import org.junit.jupiter.api.DisplayName;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KilledProcessRecovery} on the default storage: the H2 file database, with the URL
 * config/application.yaml ships ({@code jdbc:h2:file:./data/signoff;…}), its {@code ./data/}
 * moved into this test's folder. Both processes open the same file, one after the other. With
 * H2's default WRITE_DELAY (500 ms) the killed process's last commits never reach the file (H2
 * keeps no log; its MVStore writes committed changes in the background): the promotion is missing,
 * or it is found APPROVED with no trace of the copy that was under way.
 */
@DisplayName("A process killed mid-step, on the H2 file database,")
class KilledProcessRecoveryOnH2Test extends KilledProcessRecovery {
    private static final String DATA = "jdbc:h2:file:./data/";

    @Override
    List<String> database(Path dir) {
        String shipped = shippedUrl();
        assertThat(shipped).as("the default storage in config/application.yaml").startsWith(DATA);
        return List.of("--spring.datasource.url=jdbc:h2:file:" + dir.toAbsolutePath().resolve("data") + "/" + shipped.substring(DATA.length()));
    }

    /** spring.datasource.url of config/application.yaml's first (profile-less) document. */
    @SuppressWarnings("unchecked")
    private static String shippedUrl() {
        try (Reader reader = Files.newBufferedReader(Path.of("config/application.yaml"))) {
            Map<String, Object> first = (Map<String, Object>) new Yaml().loadAll(reader).iterator().next();
            Map<String, Object> spring = (Map<String, Object>) first.get("spring");
            return (String) ((Map<String, Object>) spring.get("datasource")).get("url");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
