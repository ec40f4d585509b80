package dev.signoff.gitops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real git server on 127.0.0.1: Debian's {@code git http-backend} (smart HTTP) run as a CGI
 * program by a small bridge on the JDK's HTTP server, with basic auth in front of it (any user
 * name with the token as password; the user is handed on as REMOTE_USER, which also lets the
 * backend accept pushes). Repositories live in a
 * temporary folder and are set up and read back with the {@code git} command line, independent of
 * JGit. Public for the end-to-end tests.
 */
public final class GitServer implements AutoCloseable {
    static final String BACKEND = "/usr/lib/git-core/git-http-backend";

    private final Path root;
    private final String token;
    private final HttpServer server;

    public GitServer(Path root, String token) {
        this.root = root;
        this.token = token;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/git/", this::handle);
        server.start();
    }

    /** The http URL of a repository in this server. */
    public String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/git/" + name + ".git";
    }

    Path root() {
        return root;
    }

    /** A bare repository with one branch {@code main}, holding the given files in a first commit. */
    public Path repository(String name, Map<String, String> files) {
        Path bare = root.resolve(name + ".git");
        git(root, "init", "-q", "--bare", "-b", "main", bare.toString());
        git(bare, "config", "http.receivepack", "true");
        commitFiles(name, files, "Initial manifests");
        return bare;
    }

    /** Another person's commit on main, made with the git command line through a clone of its own. */
    public void commitFiles(String name, Map<String, String> files, String message) {
        try {
            Path work = Files.createTempDirectory(root, "work-");
            git(root, "clone", "-q", root.resolve(name + ".git").toString(), work.toString());
            git(work, "checkout", "-q", "-B", "main");
            for (var file : files.entrySet()) {
                Path path = work.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            git(work, "add", "-A");
            git(work, "-c", "user.name=Carol", "-c", "user.email=carol@example.com", "commit", "-q", "-m", message);
            git(work, "push", "-q", "origin", "HEAD:main");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Someone merges {@code branch} into main with a merge commit, as a forge's merge button does; returns the merge. */
    public String merge(String name, String branch) {
        try {
            Path work = Files.createTempDirectory(root, "merge-");
            git(root, "clone", "-q", root.resolve(name + ".git").toString(), work.toString());
            git(work, "-c", "user.name=Dana", "-c", "user.email=dana@example.com", "merge", "-q", "--no-ff", "-m", "Merge " + branch, "origin/" + branch);
            git(work, "push", "-q", "origin", "HEAD:main");
            return inRepo(name, "rev-parse", "main").strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code git --git-dir=<repository> args…} and returns its output. */
    public String inRepo(String name, String... args) {
        List<String> command = new ArrayList<>(List.of("--git-dir=" + root.resolve(name + ".git")));
        command.addAll(List.of(args));
        return git(root, command.toArray(String[]::new));
    }

    static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String user = user(exchange.getRequestHeaders().getFirst("Authorization"));
            if (user == null) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            ProcessBuilder cgi = new ProcessBuilder(BACKEND);
            Map<String, String> env = cgi.environment();
            env.put("GIT_PROJECT_ROOT", root.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("GATEWAY_INTERFACE", "CGI/1.1");
            env.put("REQUEST_METHOD", exchange.getRequestMethod());
            env.put("PATH_INFO", exchange.getRequestURI().getRawPath().substring("/git".length()));
            env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
            env.put("REMOTE_USER", user);
            env.put("REMOTE_ADDR", "127.0.0.1");
            header(exchange, "Content-Type").ifPresent(v -> env.put("CONTENT_TYPE", v));
            header(exchange, "Content-Length").ifPresent(v -> env.put("CONTENT_LENGTH", v));
            header(exchange, "Content-Encoding").ifPresent(v -> env.put("HTTP_CONTENT_ENCODING", v));
            header(exchange, "Git-Protocol").ifPresent(v -> env.put("GIT_PROTOCOL", v));
            Process process = cgi.redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread.ofVirtual().start(() -> {
                try (OutputStream in = process.getOutputStream(); InputStream body = exchange.getRequestBody()) {
                    body.transferTo(in);
                } catch (IOException e) {
                    // the backend stopped reading; its answer says why
                }
            });
            InputStream out = process.getInputStream();
            int status = 200;
            for (String line = readLine(out); line != null && !line.isEmpty(); line = readLine(out)) {
                int colon = line.indexOf(':');
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.substring(0, 3));
                } else {
                    exchange.getResponseHeaders().add(name, value);
                }
            }
            exchange.sendResponseHeaders(status, 0);
            try (OutputStream response = exchange.getResponseBody()) {
                out.transferTo(response);
            }
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The user of a basic-auth header whose password is the token (any user name, as GitHub takes tokens), or null. */
    private String user(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return null;
        }
        String pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        return colon > 0 && pair.substring(colon + 1).equals(token) ? pair.substring(0, colon) : null;
    }

    private static java.util.Optional<String> header(HttpExchange exchange, String name) {
        return java.util.Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    /** One CGI header line, without its CR LF or LF; null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
