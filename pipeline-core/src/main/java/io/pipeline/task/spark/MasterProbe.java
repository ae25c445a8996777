package io.pipeline.task.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a Spark master answers before spark-submit is started. A standalone driver that cannot reach its
 * master retries registration for about a minute before it gives up (three 20 s rounds, not configurable), so an
 * unreachable master is found here within the connect timeout, with nothing started and nothing to clean up.
 * {@code spark://} masters (several for HA: one answering is enough) and the API server of {@code k8s://} are
 * probed; {@code local[..]} and {@code yarn} have nothing to probe.
 */
final class MasterProbe {

    private MasterProbe() {
    }

    static void check(String master, Duration timeout) throws InterruptedException {
        List<InetSocketAddress> endpoints = endpoints(master);
        if (endpoints.isEmpty()) {
            return;
        }
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress endpoint : endpoints) {
            try (Socket s = new Socket()) {
                s.connect(endpoint, (int) Math.max(1, timeout.toMillis()));
                return;
            } catch (IOException e) {
                failures.add(endpoint.getHostString() + ":" + endpoint.getPort() + " (" + e.getMessage() + ")");
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while probing Spark master " + master);
            }
        }
        throw new SparkMasterUnreachableException("Spark master " + master + " does not answer within "
                + timeout.toMillis() + " ms: " + String.join(", ", failures));
    }

    /** The addresses to probe; empty for masters without one. Fails naming the URL when it cannot be read. */
    static List<InetSocketAddress> endpoints(String master) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("Spark master URL is empty");
        }
        if (master.equals("yarn") || master.equals("local") || master.startsWith("local[")
                || master.startsWith("local-cluster[")) {
            return List.of();
        }
        if (master.startsWith("spark://")) {
            List<InetSocketAddress> out = new ArrayList<>();
            for (String hostPort : master.substring("spark://".length()).split(",")) {
                out.add(address(master, "spark://" + hostPort.strip(), 7077));
            }
            return out;
        }
        if (master.startsWith("k8s://")) {
            String api = master.substring("k8s://".length());
            return List.of(address(master, api.contains("://") ? api : "https://" + api, 443));
        }
        throw new IllegalArgumentException("Spark master URL '" + master
                + "' is not spark://host:port, k8s://https://host:port, local[n] or yarn");
    }

    private static InetSocketAddress address(String master, String uri, int defaultPort) {
        URI u;
        try {
            u = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Spark master URL '" + master + "' is malformed: " + e.getMessage(), e);
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("Spark master URL '" + master + "' has no host");
        }
        int port = u.getPort() != -1 ? u.getPort() : "http".equals(u.getScheme()) ? 80 : defaultPort;
        return new InetSocketAddress(u.getHost(), port);
    }
}
