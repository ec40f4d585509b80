package dev.signoff.gitops;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's OpenSSH server on 127.0.0.1, started by the test with its own host key and config: one
 * authorized key whose forced command is {@code git-shell} (only git-upload-pack and
 * git-receive-pack run), and a known-hosts file that names the host key. Without
 * {@code /usr/sbin/sshd} the tests are skipped, and under {@code CI=true} they fail instead.
 */
final class SshServer implements AutoCloseable {
    static final Path SSHD = Path.of("/usr/sbin/sshd");
    /** OpenSSH's privilege separation directory; a root sshd refuses to start without it. */
    private static final Path PRIVSEP = Path.of("/run/sshd");

    private final Path dir;
    private final int port;
    private final Process process;

    /** Skips the test when sshd is not installed; fails it under CI=true. */
    static void requireSshd() {
        if (Files.isExecutable(SSHD)) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("the ssh test needs Debian's openssh-server (" + SSHD + "); under CI=true it fails rather than being skipped. "
                    + ".ci/run installs it");
        }
        assumeTrue(false, "ssh test skipped: " + SSHD + " is not installed (apt-get install openssh-server)");
    }

    SshServer(Path dir) {
        requireSshd();
        this.dir = dir;
        try {
            if ("root".equals(System.getProperty("user.name")) && !Files.isDirectory(PRIVSEP)) {
                Files.createDirectories(PRIVSEP);
            }
            keygen("host_key");
            keygen("id_ed25519");
            Files.writeString(dir.resolve("authorized_keys"), "command=\"git-shell -c \\\"$SSH_ORIGINAL_COMMAND\\\"\",no-pty,no-port-forwarding,"
                    + "no-agent-forwarding,no-X11-forwarding " + Files.readString(dir.resolve("id_ed25519.pub")));
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("host_key.pub")));
            Files.writeString(dir.resolve("sshd_config"), """
                    ListenAddress 127.0.0.1
                    HostKey %s
                    PidFile %s
                    AuthorizedKeysFile %s
                    StrictModes no
                    PubkeyAuthentication yes
                    PasswordAuthentication no
                    KbdInteractiveAuthentication no
                    UsePAM no
                    AllowUsers %s
                    """.formatted(dir.resolve("host_key"), dir.resolve("sshd.pid"), dir.resolve("authorized_keys"), user()));
            process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString(), "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
            awaitListening();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void keygen(String name) {
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "signoff-test", "-f", dir.resolve(name).toString());
    }

    private void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd stopped: " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("sshd did not listen on 127.0.0.1:" + port + ": " + Files.readString(dir.resolve("sshd.log")));
    }

    static String user() {
        return System.getProperty("user.name");
    }

    /** ssh://user@127.0.0.1:port/absolute/path/of/the/bare/repository. */
    String url(Path bare) {
        return "ssh://" + user() + "@127.0.0.1:" + port + bare.toAbsolutePath();
    }

    Path key() {
        return dir.resolve("id_ed25519");
    }

    /** A key pair the server does not know, made on first use. */
    Path otherKey() {
        if (!Files.exists(dir.resolve("other_key"))) {
            keygen("other_key");
        }
        return dir.resolve("other_key");
    }

    Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("sshd.log"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
