package io.pipeline.connect;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses connection URIs. A hand-written split rather than {@link java.net.URI} because connection URIs carry
 * unencoded nested URLs in their extras (e.g. {@code ?endpoint=http://127.0.0.1:9000}) that {@code URI} rejects
 * or mis-splits, and because Airflow's convention decodes {@code +} and {@code %xx} in every part.
 */
public final class ConnectionUri {

    private ConnectionUri() {
    }

    public static Connection parse(String id, String uri) {
        if (uri == null || uri.isBlank()) {
            throw bad(id, "is empty");
        }
        String text = uri.strip();
        int schemeEnd = text.indexOf("://");
        if (schemeEnd <= 0) {
            throw bad(id, "has no scheme (expected scheme://...)");
        }
        String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT).replace('-', '_');
        if (!scheme.matches("[a-z][a-z0-9_+.]*")) {
            throw bad(id, "has an invalid scheme '" + scheme + "'");
        }
        String rest = text.substring(schemeEnd + 3);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        String path = slash >= 0 ? decode(id, rest.substring(slash + 1), "path") : "";

        String login = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String rawLogin = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
            login = rawLogin.isEmpty() ? null : decode(id, rawLogin, "login");
            password = colon >= 0 ? decode(id, userInfo.substring(colon + 1), "password") : null;
        }
        String host = authority;
        int port = -1;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                throw bad(id, "has an unclosed IPv6 host");
            }
            String after = host.substring(close + 1);
            host = host.substring(1, close);
            if (after.startsWith(":")) {
                port = parsePort(id, after.substring(1));
            }
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0) {
                port = parsePort(id, host.substring(colon + 1));
                host = host.substring(0, colon);
            }
        }
        host = host.isEmpty() ? null : decode(id, host, "host");
        return new Connection(id, scheme, login, password, host, port, path, parseQuery(id, query));
    }

    private static Map<String, String> parseQuery(String id, String query) {
        Map<String, String> extras = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return extras;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(id, eq >= 0 ? pair.substring(0, eq) : pair, "extra name");
            String value = eq >= 0 ? decode(id, pair.substring(eq + 1), "extra '" + key + "'") : "";
            if (key.isEmpty()) {
                throw bad(id, "has an extra with an empty name");
            }
            extras.put(key, value);
        }
        return extras;
    }

    private static int parsePort(String id, String text) {
        if (text.isEmpty()) {
            return -1;
        }
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw bad(id, "has port " + text + " outside 0..65535");
            }
            return port;
        } catch (NumberFormatException e) {
            throw bad(id, "has a non-numeric port '" + text + "'");
        }
    }

    private static String decode(String id, String text, String part) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad(id, "has a badly URL-encoded " + part + " (" + e.getMessage() + ")");
        }
    }

    private static IllegalArgumentException bad(String id, String what) {
        // never echo the URI itself: it may carry a password
        return new IllegalArgumentException("connection '" + id + "' (" + ConnectionRegistry.envName(id) + ") " + what);
    }
}
