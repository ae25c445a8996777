package io.pipeline.connect;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An HTTP API reached through a connection: {@code https://TOKEN@host[:port]/base/path?token_param=api_token}.
 * The token is the password when there is one, else the login. With extra {@code token_param} it travels as that
 * query parameter (EODHD's {@code api_token}); otherwise as {@code Authorization: Bearer}. Extra {@code timeout}
 * is the request timeout in seconds (default 30). {@link #redact(URI)} gives a URL fit for error messages.
 */
public final class HttpApi {

    private final String id;
    private final URI base;
    private final String token;
    private final String tokenParam;
    private final Duration timeout;
    private final HttpClient client;

    public HttpApi(String id, URI base, String token, String tokenParam, Duration timeout, HttpClient client) {
        this.id = Objects.requireNonNull(id, "id");
        this.base = Objects.requireNonNull(base, "base");
        this.token = token;
        this.tokenParam = tokenParam;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = Objects.requireNonNull(client, "client");
    }

    public static HttpApi of(Connection c) {
        return of(c, null);
    }

    /**
     * As {@link #of(Connection)}, with the query parameter the token travels in when the connection names none
     * (a vendor's own, e.g. Alpha Vantage's {@code apikey}); null for {@code Authorization: Bearer}.
     */
    public static HttpApi of(Connection c, String defaultTokenParam) {
        AwsClients.requireScheme(c, "http", "https");
        if (!c.hasHost()) {
            throw new IllegalArgumentException("connection '" + c.id() + "' has no host");
        }
        String host = c.host().contains(":") ? "[" + c.host() + "]" : c.host();
        String path = c.path().isEmpty() ? "/" : "/" + c.path() + (c.path().endsWith("/") ? "" : "/");
        URI base = URI.create(c.scheme() + "://" + host + (c.port() >= 0 ? ":" + c.port() : "") + path);
        String token = c.password() != null ? c.password() : c.login();
        Duration timeout = Duration.ofSeconds(Long.parseLong(c.extra("timeout").orElse("30")));
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        return new HttpApi(c.id(), base, token, c.extra("token_param").orElse(defaultTokenParam), timeout, client);
    }

    public String id() {
        return id;
    }

    public URI base() {
        return base;
    }

    public Duration timeout() {
        return timeout;
    }

    public HttpClient client() {
        return client;
    }

    /** The URL of {@code relativePath} under the base with the query parameters (not the token), encoded. */
    public URI url(String relativePath, Map<String, String> query) {
        String path = relativePath.startsWith("/") ? relativePath.substring(1) : relativePath;
        String q = query.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return base.resolve(path + (q.isEmpty() ? "" : "?" + q));
    }

    /** A GET request carrying the token. */
    public HttpRequest get(URI url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(withToken(url)).timeout(timeout).GET();
        if (token != null && tokenParam == null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.header("Accept", "application/json, text/csv, */*").build();
    }

    /** The URL as it may be shown: the token parameter, if any, replaced by {@code ***}. */
    public String redact(URI url) {
        return redact(url.toString());
    }

    /** Any text (a vendor's error message may quote the key) with the token replaced by {@code ***}. */
    public String redact(String text) {
        if (token != null && !token.isEmpty()) {
            text = text.replace(enc(token), Connection.MASK).replace(token, Connection.MASK);
        }
        return text;
    }

    private URI withToken(URI url) {
        if (token == null || tokenParam == null) {
            return url;
        }
        String sep = url.getRawQuery() == null ? "?" : "&";
        return URI.create(url + sep + enc(tokenParam) + "=" + enc(token));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "HttpApi[" + id + " " + base + "]";
    }
}
