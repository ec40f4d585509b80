package dev.signoff.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.springframework.security.crypto.bcrypt.BCrypt;

import dev.signoff.promotion.RegistryConfig;

/**
 * A real registry for tests: Debian's {@code docker-registry} (CNCF distribution) on 127.0.0.1 at a
 * free port, with a temporary storage folder, optional htpasswd auth and optional deletes. Close it
 * to stop the process and remove the folder; a shutdown hook stops whatever a crashed test left.
 * Public for the tests of other modules that need a real registry (the CI module's notifications).
 */
public final class LocalRegistry implements AutoCloseable {
    static final String BINARY = "/usr/bin/docker-registry";
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    final String name;
    final int port;
    final Path folder;
    final Path log;
    final String user;
    final String password;
    private final Process process;

    private LocalRegistry(String name, int port, Path folder, String user, String password, Process process) {
        this.name = name;
        this.port = port;
        this.folder = folder;
        this.log = folder.resolve("registry.log");
        this.user = user;
        this.password = password;
        this.process = process;
    }

    /** Starts a registry; {@code user} null for anonymous access. */
    static LocalRegistry start(String name, String user, String password, boolean deletes) {
        return start(name, user, password, deletes, "");
    }

    /**
     * Starts an anonymous registry with deletes enabled and {@code extraConfig} appended to its
     * config.yml, such as a {@code notifications:} section.
     */
    public static LocalRegistry startWith(String name, String extraConfig) {
        return start(name, null, null, true, extraConfig);
    }

    private static LocalRegistry start(String name, String user, String password, boolean deletes, String extraConfig) {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install docker-registry skopeo");
        }
        try {
            Path folder = Files.createTempDirectory("signoff-registry-" + name + "-");
            int port = freePort();
            StringBuilder yaml = new StringBuilder()
                    .append("version: 0.1\n")
                    .append("log:\n  level: info\n  formatter: json\n  accesslog:\n    disabled: false\n")
                    .append("storage:\n  filesystem:\n    rootdirectory: ").append(folder.resolve("data")).append('\n')
                    .append("  delete:\n    enabled: ").append(deletes).append('\n')
                    .append("  maintenance:\n    uploadpurging:\n      enabled: false\n")
                    .append("http:\n  addr: 127.0.0.1:").append(port).append("\n  secret: signoff-test-secret\n");
            if (user != null) {
                Path htpasswd = folder.resolve("htpasswd");
                Files.writeString(htpasswd, user + ":" + BCrypt.hashpw(password, BCrypt.gensalt(4)) + "\n");
                yaml.append("auth:\n  htpasswd:\n    realm: signoff-test\n    path: ").append(htpasswd).append('\n');
            }
            yaml.append(extraConfig);
            Path config = folder.resolve("config.yml");
            Files.writeString(config, yaml);
            Process process = new ProcessBuilder(BINARY, "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("registry.log").toFile())
                    .start();
            RUNNING.add(process);
            LocalRegistry registry = new LocalRegistry(name, port, folder, user, password, process);
            registry.awaitReady();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String host() {
        return "127.0.0.1:" + port;
    }

    RegistryConfig config(String credentialsReference) {
        return new RegistryConfig(name, host(), true, credentialsReference);
    }

    String skopeoCreds() {
        return user + ":" + password;
    }

    /** The manifest as this registry serves it, fetched without Signoff's client. */
    public HttpResponse<byte[]> manifest(String repository, String reference) {
        return get("/v2/" + repository + "/manifests/" + reference, MediaTypes.ACCEPT);
    }

    HttpResponse<byte[]> get(String path, String accept) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host() + path)).header("Accept", accept);
            if (user != null) {
                request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            }
            try (HttpClient client = HttpClient.newHttpClient()) {
                return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * One JSON line per request answered so far, whatever the answer: the registry logs
     * "response completed" for a success and "response completed with error" for the rest (a 404
     * of a blob or a tag that is not there, a 401), and both carry the method, URI and status.
     */
    List<String> accessLog() {
        try {
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                if (line.contains("\"msg\":\"response completed\"") || line.contains("\"msg\":\"response completed with error\"")) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry " + name + " exited: " + readLog());
            }
            try {
                int status = get("/v2/", "application/json").statusCode();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("docker-registry " + name + " did not answer within 15 s");
    }

    private String readLog() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(process);
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
