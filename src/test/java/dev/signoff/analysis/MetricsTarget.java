package dev.signoff.analysis;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The "app" Prometheus scrapes: {@code GET /metrics} in the text exposition format, serving
 * the gauges the test sets, e.g. {@code app_error_ratio{namespace="shop",workload="shop-canary"} 0.2}.
 * A series the test removes is gone at the next scrape (Prometheus then marks it stale).
 */
public final class MetricsTarget implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, Double> series = new TreeMap<>();

    public MetricsTarget() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = text().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** host:port, for Prometheus's scrape config. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Sets a gauge of the given metric and labels, like {@code set("app_error_ratio", 0.2, "workload", "shop")}. */
    public synchronized void set(String metric, double value, String... labels) {
        series.put(name(metric, labels), value);
    }

    public synchronized void remove(String metric, String... labels) {
        series.remove(name(metric, labels));
    }

    private static String name(String metric, String... labels) {
        StringBuilder out = new StringBuilder(metric).append('{');
        for (int i = 0; i + 1 < labels.length; i += 2) {
            out.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(labels[i + 1]).append('"');
        }
        return out.append('}').toString();
    }

    private synchronized String text() {
        StringBuilder out = new StringBuilder();
        series.keySet().stream().map(s -> s.substring(0, s.indexOf('{'))).distinct()
                .forEach(metric -> out.append("# TYPE ").append(metric).append(" gauge\n"));
        series.forEach((name, value) -> out.append(name).append(' ').append(value).append('\n'));
        return out.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
