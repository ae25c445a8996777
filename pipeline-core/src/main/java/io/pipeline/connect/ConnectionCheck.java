package io.pipeline.connect;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a connection's endpoint answers: a TCP connect to its host and port (the scheme's usual port when none is
 * given), or to the host of its {@code endpoint} / {@code endpoint_url} extra (S3- and SQS-compatible stores). It
 * proves the address is reachable, not that the credentials are good; the message says which address was tried and
 * never shows a secret.
 */
public final class ConnectionCheck {

    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("http", 80, "https", 443, "redis", 6379,
            "rediss", 6379, "postgres", 5432, "postgresql", 5432, "mysql", 3306, "ftp", 21, "sftp", 22, "ssh", 22);

    private ConnectionCheck() {
    }

    public record Result(boolean ok, String message) {
    }

    public static Result reach(Connection c, Duration timeout) {
        Optional<String> endpoint = c.extra("endpoint", "endpoint_url");
        String host;
        int port;
        if (endpoint.isPresent()) {
            URI uri;
            try {
                uri = URI.create(endpoint.get());
            } catch (IllegalArgumentException e) {
                return new Result(false, "extra 'endpoint' is not a URI");
            }
            host = uri.getHost();
            port = uri.getPort() >= 0 ? uri.getPort() : DEFAULT_PORTS.getOrDefault(
                    uri.getScheme() == null ? "" : uri.getScheme(), -1);
        } else {
            host = c.host();
            port = c.port() >= 0 ? c.port() : DEFAULT_PORTS.getOrDefault(c.scheme(), -1);
        }
        if (host == null || host.isEmpty()) {
            return new Result(false, "Connection '" + c.id() + "' has no host (or endpoint extra) to reach");
        }
        if (port < 0) {
            return new Result(false, "Connection '" + c.id() + "' of type " + c.scheme()
                    + " has no port and its type has no usual one");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return new Result(true, "Connection successfully tested: " + host + ":" + port + " answered");
        } catch (IOException e) {
            return new Result(false, host + ":" + port + " did not answer: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }
}
