package io.pipeline.web.ui;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser-like HTTP session for the dashboard: cookies kept, redirects not followed, CSRF token read from pages. */
final class UiSession {

    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");
    private static final Pattern LOGIN_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    record Page(int status, String body, Map<String, List<String>> headers) {
        String location() {
            return headers.getOrDefault("location", List.of("")).getFirst();
        }

        String csrf() {
            Matcher m = CSRF.matcher(body);
            if (!m.find()) {
                throw new AssertionError("no CSRF token on the page: " + body.substring(0, Math.min(300, body.length())));
            }
            return m.group(1);
        }
    }

    private final String base;
    private final HttpClient http;

    UiSession(int port) {
        this.base = "http://localhost:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static UiSession loggedIn(int port, String user, String password) {
        UiSession s = new UiSession(port);
        Page login = s.get("/login");
        Matcher m = LOGIN_CSRF.matcher(login.body());
        if (!m.find()) {
            throw new AssertionError("login form has no CSRF field");
        }
        Page done = s.post("/login", Map.of("username", user, "password", password, "_csrf", m.group(1)));
        if (done.status() != 302 || done.location().contains("error")) {
            throw new AssertionError("login of " + user + " failed: " + done.status() + " " + done.location());
        }
        return s;
    }

    Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Page post(String path, Map<String, String> form) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    /** A POST carrying the CSRF token of {@code page} (as a form of that page would). */
    Page post(String path, Map<String, String> form, Page page) {
        Map<String, String> withToken = new LinkedHashMap<>(form);
        withToken.put("_csrf", page.csrf());
        return post(path, withToken);
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Page(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
