package dev.signoff;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SignoffApplication {
    /**
     * The JDK HTTP client reads from its sockets into buffers of this many bytes (16 kB unless
     * set), each passed on through its reactive plumbing: registry blobs moved with about a third
     * less CPU in 256 kB buffers (see docs/benchmarks.md). The client reads the property once, when
     * it is first used, so it is set here before anything starts, unless given with {@code -D}.
     */
    static final String HTTP_CLIENT_BUFFER = "jdk.httpclient.bufsize";

    public static void main(String[] args) {
        if (System.getProperty(HTTP_CLIENT_BUFFER) == null) {
            System.setProperty(HTTP_CLIENT_BUFFER, String.valueOf(256 * 1024));
        }
        SpringApplication.run(SignoffApplication.class, args);
    }
}
