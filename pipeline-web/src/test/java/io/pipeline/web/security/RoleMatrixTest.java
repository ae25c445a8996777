package io.pipeline.web.security;

import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request mapping of the running application, called by anonymous, Viewer, User, Op and Admin, on its plain
 * path and on spelled-differently paths (percent-encoded letters, upper case, double slash, trailing slash, a
 * {@code ;param}, dot segments). The expected least role of each mapping is written out below: a new endpoint
 * that is not in this table, or whose declared role differs from it, fails the build.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleMatrixTest extends ApiTestBase {

    private static final String ANONYMOUS = "anonymous";

    /** "METHOD pattern" → the least role, or "anonymous". */
    private static final Map<String, String> EXPECTED = new TreeMap<>(Map.ofEntries(
            // The API
            Map.entry("GET /api/v1/health", ANONYMOUS),
            Map.entry("GET /api/v1/openapi.json", ANONYMOUS),
            Map.entry("GET /api/v1/dags", "Viewer"),
            Map.entry("GET /api/v1/dags/{dagId}", "Viewer"),
            Map.entry("PATCH /api/v1/dags/{dagId}", "User"),
            Map.entry("GET /api/v1/dags/{dagId}/tasks", "Viewer"),
            Map.entry("GET /api/v1/dags/{dagId}/tasks/{taskId}", "Viewer"),
            Map.entry("GET /api/v1/dags/{dagId}/dagRuns", "Viewer"),
            Map.entry("POST /api/v1/dags/{dagId}/dagRuns", "User"),
            Map.entry("GET /api/v1/dags/{dagId}/dagRuns/{dagRunId}", "Viewer"),
            Map.entry("DELETE /api/v1/dags/{dagId}/dagRuns/{dagRunId}", "User"),
            Map.entry("POST /api/v1/dags/{dagId}/dagRuns/{dagRunId}/clear", "User"),
            Map.entry("GET /api/v1/dags/{dagId}/dagRuns/{dagRunId}/taskInstances", "Viewer"),
            Map.entry("GET /api/v1/dags/{dagId}/dagRuns/{dagRunId}/taskInstances/{taskId}", "Viewer"),
            Map.entry("GET /api/v1/dags/{dagId}/dagRuns/{dagRunId}/taskInstances/{taskId}/{mapIndex:\\d+}", "Viewer"),
            Map.entry("GET /api/v1/dags/{dagId}/dagRuns/{dagRunId}/taskInstances/{taskId}/logs/{tryNumber}", "Viewer"),
            Map.entry("POST /api/v1/dags/{dagId}/clearTaskInstances", "User"),
            Map.entry("POST /api/v1/dags/{dagId}/updateTaskInstancesState", "User"),
            Map.entry("GET /api/v1/datasets", "Viewer"),
            Map.entry("GET /api/v1/datasets/events", "Viewer"),
            Map.entry("POST /api/v1/datasets/events", "Op"),
            Map.entry("GET /api/v1/datasets/{*uri}", "Viewer"),
            Map.entry("GET /api/v1/dags/{dagId}/dagRuns/{dagRunId}/upstreamDatasetEvents", "Viewer"),
            Map.entry("GET /api/v1/eventLogs", "Viewer"),
            Map.entry("GET /api/v1/eventLogs/{eventLogId}", "Viewer"),
            Map.entry("GET /api/v1/importErrors", "Viewer"),
            Map.entry("GET /api/v1/importErrors/{importErrorId}", "Viewer"),
            Map.entry("GET /api/v1/calendars", "Viewer"),
            Map.entry("GET /api/v1/calendars/{code}", "Viewer"),
            Map.entry("GET /api/v1/calendars/{code}/sessions", "Viewer"),
            Map.entry("GET /api/v1/calendars/{code}/overrides", "Viewer"),
            Map.entry("POST /api/v1/calendars/{code}/overrides", "Op"),
            Map.entry("DELETE /api/v1/calendars/{code}/overrides/{date}", "Op"),
            Map.entry("GET /api/v1/nodes", "Viewer"),
            Map.entry("GET /api/v1/nodes/{nodeId}", "Viewer"),
            Map.entry("GET /api/v1/backfills", "Viewer"),
            Map.entry("POST /api/v1/backfills", "Op"),
            Map.entry("POST /api/v1/backfills/dry_run", "Op"),
            Map.entry("GET /api/v1/backfills/{backfillId}", "Viewer"),
            Map.entry("PUT /api/v1/backfills/{backfillId}/pause", "Op"),
            Map.entry("POST /api/v1/backfills/{backfillId}/pause", "Op"),
            Map.entry("PUT /api/v1/backfills/{backfillId}/unpause", "Op"),
            Map.entry("POST /api/v1/backfills/{backfillId}/unpause", "Op"),
            Map.entry("PUT /api/v1/backfills/{backfillId}/cancel", "Op"),
            Map.entry("POST /api/v1/backfills/{backfillId}/cancel", "Op"),
            Map.entry("GET /api/v1/alerts", "Viewer"),
            Map.entry("GET /api/v1/alerts/{alert_id}", "Viewer"),
            Map.entry("POST /api/v1/alerts/{alert_id}/resend", "Op"),
            Map.entry("POST /api/v1/alerts/resend", "Op"),
            Map.entry("GET /api/v1/pools", "Op"),
            Map.entry("POST /api/v1/pools", "Op"),
            Map.entry("GET /api/v1/pools/{poolName}", "Op"),
            Map.entry("PATCH /api/v1/pools/{poolName}", "Op"),
            Map.entry("DELETE /api/v1/pools/{poolName}", "Op"),
            Map.entry("GET /api/v1/variables", "Op"),
            Map.entry("POST /api/v1/variables", "Op"),
            Map.entry("GET /api/v1/variables/{variableKey}", "Op"),
            Map.entry("PATCH /api/v1/variables/{variableKey}", "Op"),
            Map.entry("DELETE /api/v1/variables/{variableKey}", "Op"),
            Map.entry("GET /api/v1/connections", "Op"),
            Map.entry("POST /api/v1/connections", "Op"),
            Map.entry("POST /api/v1/connections/test", "Op"),
            Map.entry("GET /api/v1/connections/{connectionId}", "Op"),
            Map.entry("PATCH /api/v1/connections/{connectionId}", "Op"),
            Map.entry("DELETE /api/v1/connections/{connectionId}", "Op"),
            Map.entry("GET /api/v1/version", ANONYMOUS),
            Map.entry("GET /api/v1/dagStats", "Viewer"),
            Map.entry("GET /api/v1/dags/{dagId}/details", "Viewer"),
            Map.entry("PATCH /api/v1/dags/{dagId}/dagRuns/{dagRunId}", "User"),
            Map.entry("PATCH /api/v1/dags/{dagId}/dagRuns/{dagRunId}/setNote", "User"),
            Map.entry("PATCH /api/v1/dags/{dagId}/dagRuns/{dagRunId}/taskInstances/{taskId}", "User"),
            Map.entry("PATCH /api/v1/dags/{dagId}/dagRuns/{dagRunId}/taskInstances/{taskId}/{mapIndex:\\d+}", "User"),
            Map.entry("PATCH /api/v1/dags/{dagId}/dagRuns/{dagRunId}/taskInstances/{taskId}/setNote", "User"),
            Map.entry("GET /api/v1/dags/{dagId}/dagRuns/{dagRunId}/taskInstances/{taskId}/tries", "Viewer"),
            Map.entry("GET /api/v1/dags/{dagId}/dagRuns/{dagRunId}/taskInstances/{taskId}/xcomEntries", "Viewer"),
            Map.entry("GET /api/v1/dags/{dagId}/dagRuns/{dagRunId}/taskInstances/{taskId}/xcomEntries/{xcomKey}",
                    "Viewer"),
            Map.entry("GET /api/v1/users", "Admin"),
            Map.entry("GET /api/v1/users/{username}", "Admin"),
            Map.entry("GET /api/v1/roles", "Admin"),
            // The dashboard
            Map.entry("GET /login", ANONYMOUS),
            Map.entry("GET /error", ANONYMOUS),
            Map.entry("GET /", "Viewer"),
            Map.entry("GET /ui", "Viewer"),
            Map.entry("GET /ui/", "Viewer"),
            Map.entry("GET /ui/dags", "Viewer"),
            Map.entry("GET /ui/api/dags/states", "Viewer"),
            Map.entry("POST /ui/dags/{dagId}/pause", "User"),
            Map.entry("GET /ui/dags/{dagId}", "Viewer"),
            Map.entry("GET /ui/dags/{dagId}/grid", "Viewer"),
            Map.entry("GET /ui/api/dags/{dagId}/grid", "Viewer"),
            Map.entry("GET /ui/dags/{dagId}/ti", "Viewer"),
            Map.entry("GET /ui/api/dags/{dagId}/ti", "Viewer"),
            Map.entry("GET /ui/api/dags/{dagId}/log", "Viewer"),
            Map.entry("GET /ui/dags/{dagId}/graph", "Viewer"),
            Map.entry("GET /ui/api/dags/{dagId}/run-states", "Viewer"),
            Map.entry("GET /ui/dags/{dagId}/gantt", "Viewer"),
            Map.entry("GET /ui/dags/{dagId}/duration", "Viewer"),
            Map.entry("GET /ui/dags/{dagId}/landing", "Viewer"),
            Map.entry("GET /ui/dags/{dagId}/tries", "Viewer"),
            Map.entry("GET /ui/dags/{dagId}/calendar", "Viewer"),
            Map.entry("POST /ui/dags/{dagId}/calendar/overrides", "Op"),
            Map.entry("POST /ui/dags/{dagId}/calendar/overrides/{date}/remove", "Op"),
            Map.entry("GET /ui/dags/{dagId}/trigger", "User"),
            Map.entry("POST /ui/dags/{dagId}/trigger", "User"),
            Map.entry("POST /ui/dags/{dagId}/clear", "User"),
            Map.entry("POST /ui/dags/{dagId}/clear/confirm", "User"),
            Map.entry("POST /ui/dags/{dagId}/mark", "User"),
            Map.entry("POST /ui/dags/{dagId}/mark/confirm", "User"),
            Map.entry("POST /ui/dags/{dagId}/delete-run", "User"),
            Map.entry("POST /ui/dags/{dagId}/delete-run/confirm", "User"),
            Map.entry("GET /ui/dags/{dagId}/backfill", "Op"),
            Map.entry("POST /ui/dags/{dagId}/backfill/preview", "Op"),
            Map.entry("POST /ui/dags/{dagId}/backfill/create", "Op"),
            Map.entry("GET /ui/backfills/{id}", "Viewer"),
            Map.entry("GET /ui/api/backfills/{id}", "Viewer"),
            Map.entry("GET /ui/api/backfills/{id}/dates", "Viewer"),
            Map.entry("POST /ui/backfills/{id}/cancel", "Op"),
            Map.entry("GET /ui/nodes", "Viewer"),
            Map.entry("GET /ui/deferred", "Viewer"),
            Map.entry("GET /ui/datasets", "Viewer"),
            Map.entry("GET /ui/datasets/{id}", "Viewer"),
            Map.entry("GET /ui/audit", "Viewer"),
            Map.entry("GET /ui/connections", "Admin"),
            Map.entry("GET /ui/pools", "Op"),
            Map.entry("POST /ui/pools", "Op"),
            Map.entry("POST /ui/pools/{name}/delete", "Op"),
            Map.entry("GET /ui/variables", "Op"),
            Map.entry("POST /ui/variables", "Op"),
            Map.entry("POST /ui/variables/{key}/delete", "Op"),
            Map.entry("GET /ui/users", "Admin"),
            Map.entry("POST /ui/users", "Admin"),
            Map.entry("POST /ui/users/{username}/delete", "Admin"),
            Map.entry("POST /ui/users/{username}/role", "Admin"),
            Map.entry("POST /ui/users/{username}/password", "Admin"),
            Map.entry("GET /ui/account/password", "Viewer"),
            Map.entry("POST /ui/account/password", "Viewer")));

    private static final Pattern LOGIN_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    /** Logged-in dashboard sessions (cookie + CSRF token); the key null is the anonymous one. */
    private final Map<Role, Client> sessions = new EnumMap<>(Role.class);
    private Client anonymousSession;

    record Endpoint(String method, String pattern, HandlerMethod handler) {
        String key() {
            return method + " " + pattern;
        }
    }

    @BeforeAll
    void logIn() {
        usersOfEveryRole();
        anonymousSession = Client.session(port, null, null);
        for (Role role : Role.values()) {
            sessions.put(role, Client.session(port, role.displayName().toLowerCase(Locale.ROOT), password(role)));
        }
    }

    @Test
    void every_mapping_is_in_the_table_and_declares_the_role_the_table_expects() {
        List<Endpoint> endpoints = endpoints();
        Set<String> found = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : endpoints) {
            found.add(e.key());
            AccessRule rule = HandlerAccess.ruleOf(e.handler());
            String declared = switch (rule.kind()) {
                case ANONYMOUS -> ANONYMOUS;
                case ROLE -> rule.role().displayName();
                default -> "nothing (" + rule.handler() + ")";
            };
            if (!declared.equals(EXPECTED.get(e.key()))) {
                wrong.add(e.key() + ": declares " + declared + ", table says " + EXPECTED.get(e.key()));
            }
        }
        assertThat(wrong).as("mappings whose declared role is missing or differs from the table").isEmpty();
        assertThat(found).as("every mapping of the application, and only those, is in the table")
                .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    }

    @Test
    void every_role_gets_what_each_mapping_declares_on_the_plain_path() {
        List<String> failures = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            String path = concrete(e.pattern());
            for (Role role : callers()) {
                Outcome outcome = call(role, e.method(), path);
                boolean allowed = allows(EXPECTED.get(e.key()), role);
                if (allowed && outcome.denied()) {
                    failures.add(who(role) + " " + e.method() + " " + path + ": refused (" + outcome + ")");
                } else if (!allowed && !outcome.deniedAs(role == null)) {
                    failures.add(who(role) + " " + e.method() + " " + path + ": expected to be refused, got "
                            + outcome);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void paths_spelled_differently_never_get_more_access_than_the_plain_path() {
        List<String> failures = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            String path = concrete(e.pattern());
            for (Role role : callers()) {
                Outcome plain = call(role, e.method(), path);
                for (String encoded : percentEncodedVariants(path)) {
                    Outcome variant = call(role, e.method(), encoded);
                    if (variant.status() != plain.status() && variant.status() != 400) {
                        failures.add(who(role) + " " + e.method() + " " + encoded + ": " + variant
                                + " where the plain path answers " + plain);
                    }
                }
                if (!plain.denied()) {
                    continue;
                }
                for (String other : otherSpellings(path)) {
                    Outcome variant = call(role, e.method(), other);
                    boolean refusedOrMissed = variant.denied() || variant.status() == 400 || variant.status() == 404
                            || variant.status() == 405;
                    if (!refusedOrMissed) {
                        failures.add(who(role) + " " + e.method() + " " + other + ": " + variant
                                + " where the plain path is refused (" + plain + ")");
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void the_reported_escalations_are_refused() {
        Client user = sessions.get(Role.USER);
        Outcome created = user.send("POST", "/ui/%75sers",
                Map.of("username", "escalated", "password", "escalated-password", "role", "Admin"));
        assertThat(created.status()).as(created.toString()).isEqualTo(403);
        assertThat(users.find("escalated")).isEmpty();

        assertThat(sessions.get(Role.VIEWER).send("GET", "/ui/%75sers", Map.of()).status()).isEqualTo(403);
        assertThat(sessions.get(Role.VIEWER).send("GET", "/ui/%63onnections", Map.of()).status()).isEqualTo(403);
        assertThat(Client.basic(port, "user", password(Role.USER))
                .send("POST", "/api/v1/%62ackfills/dry_run", Map.of()).status()).isEqualTo(403);
        assertThat(Client.basic(port, "user", password(Role.USER))
                .send("POST", "/api/v1/%61lerts/resend", Map.of()).status()).isEqualTo(403);
        assertThat(user.send("GET", "/ui/dags/x/%62ackfill", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void actuator_health_is_open_and_prometheus_needs_a_login() {
        Client anonymous = Client.basic(port, null, null);
        assertThat(anonymous.send("GET", "/actuator/health", Map.of()).status()).isEqualTo(200);
        assertThat(anonymous.send("GET", "/actuator/prometheus", Map.of()).status()).isEqualTo(401);
        assertThat(anonymous.send("GET", "/actuator/%70rometheus", Map.of()).status()).isIn(400, 401, 404);
        assertThat(Client.basic(port, "viewer", password(Role.VIEWER))
                .send("GET", "/actuator/prometheus", Map.of()).status()).isEqualTo(200);
        assertThat(Client.basic(port, "viewer", password(Role.VIEWER))
                .send("GET", "/actuator/env", Map.of()).status()).isIn(403, 404);
    }

    // ---------------------------------------------------------------------------------------------------------

    private List<Endpoint> endpoints() {
        List<Endpoint> list = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (methods.isEmpty()) {
                    list.add(new Endpoint("GET", pattern, entry.getValue()));
                }
                for (RequestMethod method : methods) {
                    list.add(new Endpoint(method.name(), pattern, entry.getValue()));
                }
            }
        }
        return list;
    }

    private static List<Role> callers() {
        List<Role> callers = new ArrayList<>();
        callers.add(null);
        callers.addAll(List.of(Role.values()));
        return callers;
    }

    private static boolean allows(String expected, Role role) {
        return ANONYMOUS.equals(expected) || role != null && role.includes(Role.of(expected));
    }

    private static String who(Role role) {
        return role == null ? "anonymous" : role.displayName();
    }

    /** Path variables filled with values that name nothing, so that allowed calls change nothing. */
    static String concrete(String pattern) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            boolean numeric = m.group(2) != null && m.group(2).contains("\\d") || name.toLowerCase(Locale.ROOT)
                    .matches(".*(number|index|backfillid|eventlogid|importerrorid|alert_id)|id");
            m.appendReplacement(out, numeric ? "987654" : "no_such_" + name.replaceAll("\\W", ""));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** One variant per literal segment, with that segment's first letter percent-encoded. */
    static List<String> percentEncodedVariants(String path) {
        List<String> variants = new ArrayList<>();
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String s = segments[i];
            if (s.isEmpty() || s.startsWith("no_such_") || s.equals("987654") || !Character.isLetter(s.charAt(0))) {
                continue;
            }
            String[] copy = segments.clone();
            copy[i] = String.format("%%%02x", (int) s.charAt(0)) + s.substring(1);
            variants.add(String.join("/", copy));
        }
        return variants;
    }

    /** Upper case, double slash, trailing slash, ;param, dot segments. */
    static List<String> otherSpellings(String path) {
        List<String> variants = new ArrayList<>();
        variants.add(path.toUpperCase(Locale.ROOT));
        variants.add(path.endsWith("/") ? path + "/" : path + "/");
        int lastSlash = path.lastIndexOf('/');
        if (lastSlash > 0) {
            variants.add(path.substring(0, lastSlash) + "/" + path.substring(lastSlash));
            variants.add(path.substring(0, lastSlash) + "/." + path.substring(lastSlash));
            variants.add(path.substring(0, lastSlash) + "/x/.." + path.substring(lastSlash));
            variants.add(path.substring(0, lastSlash) + ";x=1" + path.substring(lastSlash));
        }
        variants.add(path + ";jsessionid=1");
        return variants;
    }

    private Outcome call(Role role, String method, String path) {
        boolean api = java.net.URLDecoder.decode(path, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT)
                .replace("//", "/").startsWith("/api/");
        if (api) {
            Client client = role == null ? Client.basic(port, null, null)
                    : Client.basic(port, role.displayName().toLowerCase(Locale.ROOT), password(role));
            return client.send(method, path, Map.of());
        }
        return (role == null ? anonymousSession : sessions.get(role)).send(method, path, Map.of());
    }

    record Outcome(int status, String location, String body) {
        boolean loginRedirect() {
            return status == 302 && location != null && location.contains("/login");
        }

        boolean denied() {
            return status == 401 || status == 403 || loginRedirect();
        }

        /** Anonymous callers must log in; logged-in ones are refused. */
        boolean deniedAs(boolean anonymous) {
            return anonymous ? status == 401 || loginRedirect() : status == 403;
        }

        @Override
        public String toString() {
            return status + (location == null ? "" : " → " + location) + " "
                    + body.substring(0, Math.min(160, body.length())).replaceAll("\\s+", " ");
        }
    }

    /** A raw HTTP client: Basic credentials, or a dashboard session whose CSRF token goes with every request. */
    static final class Client {
        private final String base;
        private final HttpClient http;
        private final String authorization;
        private String csrf;

        private Client(int port, String authorization) {
            this.base = "http://localhost:" + port;
            this.authorization = authorization;
            this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        }

        static Client basic(int port, String user, String password) {
            return new Client(port, user == null ? null : "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        static Client session(int port, String user, String password) {
            Client c = new Client(port, null);
            Outcome login = c.send("GET", "/login", Map.of());
            Matcher m = LOGIN_CSRF.matcher(login.body());
            assertThat(m.find()).as("login form has a CSRF field").isTrue();
            c.csrf = m.group(1);
            if (user != null) {
                Outcome done = c.send("POST", "/login", Map.of("username", user, "password", password));
                assertThat(done.status()).as("login of " + user).isEqualTo(302);
                assertThat(done.location()).doesNotContain("error");
                Matcher again = LOGIN_CSRF.matcher(c.send("GET", "/login", Map.of()).body());
                assertThat(again.find()).isTrue();
                c.csrf = again.group(1); // a new token after login
            }
            return c;
        }

        Outcome send(String method, String path, Map<String, String> form) {
            StringBuilder body = new StringBuilder();
            Map<String, String> fields = new TreeMap<>(form);
            if (csrf != null) {
                fields.put("_csrf", csrf);
            }
            fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&")
                    .append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
            boolean hasBody = !method.equals("GET") && !method.equals("DELETE");
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Accept", "text/html,application/json;q=0.9,*/*;q=0.8");
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            if (hasBody && authorization == null && csrf != null) {
                b.header("Content-Type", "application/x-www-form-urlencoded");
                b.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
            } else if (hasBody) {
                b.header("Content-Type", "application/json");
                b.method(method, HttpRequest.BodyPublishers.ofString("{}"));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new Outcome(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body());
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
