package dev.signoff.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The PostgreSQL the tests use: 127.0.0.1:5432, user {@code postgres} without a password,
 * database {@code test} ({@code .ci/postgres} sets one up). It counts as absent only when nothing
 * answers on that port; that is asked once per test JVM. Without it a developer's run skips the
 * PostgreSQL tests and says so in one line; under {@code CI=true} they fail instead.
 */
public final class LocalPostgres {
    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String USER = "postgres";
    public static final String PASSWORD = "";

    private static final String ABSENT = "nothing answers on 127.0.0.1:5432 (user postgres without a password, database test)";
    private static Boolean answers;
    private static boolean told;

    private LocalPostgres() {
    }

    /**
     * Whether the PostgreSQL tests run. When nothing answers: under {@code CI=true} fails the
     * caller, otherwise answers false, after printing one line for the whole run.
     */
    public static synchronized boolean available() {
        if (answers == null) {
            answers = answers();
        }
        if (answers) {
            return true;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("PostgreSQL tests cannot run: " + ABSENT + ", and under CI=true they fail rather than being skipped. "
                    + "Run .ci/postgres (as root) to install and start it.");
        }
        if (!told) {
            told = true;
            console().println("PostgreSQL tests skipped: " + ABSENT + ". Run .ci/postgres (as root) to set one up; under CI=true they fail instead.");
        }
        return false;
    }

    private static boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The test JVM's own standard error: Surefire sends {@code System.out} and {@code System.err}
     * to report files ({@code test.redirectOutput}) but shows this stream in the build's output.
     */
    private static PrintStream console() {
        return new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    }
}
