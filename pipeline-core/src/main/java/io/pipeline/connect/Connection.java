package io.pipeline.connect;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A named endpoint with credentials, parsed from a URI in Airflow's {@code AIRFLOW_CONN_*} convention:
 * {@code scheme://login:password@host:port/path?extra=value}. Login, password, path and extras are URL-decoded.
 * {@link #toString()} and {@link #maskedUri()} never show the secrets.
 *
 * @param id     the connection id, lower case (env {@code PIPELINE_CONN_S3_RAW} gives {@code s3_raw})
 * @param scheme the connection type, lower case ({@code s3}, {@code sqs}, {@code redis}, {@code https}, ...)
 * @param host   host name or, for {@code s3}, the bucket; null when absent
 * @param port   -1 when absent
 * @param path   the path without its leading slash, decoded; empty when absent
 */
public record Connection(String id, String scheme, String login, String password, String host, int port,
                         String path, Map<String, String> extras) {

    static final String MASK = "***";

    public Connection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scheme, "scheme");
        if (scheme.isBlank()) {
            throw new IllegalArgumentException("connection " + id + ": missing scheme");
        }
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("connection " + id + ": port " + port + " out of range");
        }
        path = path == null ? "" : path;
        extras = Map.copyOf(extras == null ? Map.of() : extras);
    }

    public Optional<String> extra(String name) {
        return Optional.ofNullable(extras.get(name));
    }

    /** The first of the given extras that is set (aliases such as {@code region} / {@code region_name}). */
    public Optional<String> extra(String name, String... aliases) {
        Optional<String> value = extra(name);
        for (int i = 0; value.isEmpty() && i < aliases.length; i++) {
            value = extra(aliases[i]);
        }
        return value;
    }

    public boolean extraFlag(String name, boolean defaultValue) {
        return extra(name).map(v -> v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes"))
                .orElse(defaultValue);
    }

    public boolean hasHost() {
        return host != null && !host.isEmpty();
    }

    /** The values that must never appear in logs: the password, secret-looking extras, and an HTTP token login. */
    public Set<String> secrets() {
        Set<String> secrets = new LinkedHashSet<>();
        if (password != null && !password.isEmpty()) {
            secrets.add(password);
        }
        if (loginIsToken() && login != null && !login.isEmpty()) {
            secrets.add(login);
        }
        extras.forEach((k, v) -> {
            if (isSecretExtra(k) && !v.isEmpty()) {
                secrets.add(v);
            }
        });
        return secrets;
    }

    /** The URI with the password, token logins and secret extras replaced by {@code ***}. */
    public String maskedUri() {
        StringBuilder b = new StringBuilder(scheme).append("://");
        if (login != null || password != null) {
            if (login != null) {
                b.append(loginIsToken() ? MASK : encode(login));
            }
            if (password != null) {
                b.append(':').append(MASK);
            }
            b.append('@');
        }
        if (host != null) {
            b.append(host.contains(":") ? "[" + host + "]" : host);
        }
        if (port >= 0) {
            b.append(':').append(port);
        }
        if (!path.isEmpty()) {
            b.append('/').append(path);
        }
        if (!extras.isEmpty()) {
            b.append('?').append(new LinkedHashMap<>(extras).entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + (isSecretExtra(e.getKey()) ? MASK : e.getValue()))
                    .collect(Collectors.joining("&")));
        }
        return b.toString();
    }

    /** HTTP connections carry an API token as the login when there is no password ({@code https://TOKEN@host}). */
    boolean loginIsToken() {
        return (scheme.equals("http") || scheme.equals("https")) && password == null;
    }

    static boolean isSecretExtra(String name) {
        return SecretNames.isSecret(name);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Connection[" + id + " " + maskedUri() + "]";
    }
}
