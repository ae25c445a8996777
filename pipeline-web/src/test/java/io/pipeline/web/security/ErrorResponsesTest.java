package io.pipeline.web.security;

import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors raised outside the controllers (the container, the firewall, {@code /error}, unknown paths) answer in the
 * project's own words: problem details for the API and clients, pages in the dashboard's layout for browsers, and
 * no Java or server names anywhere. TLS behind a proxy makes the session cookie Secure and adds HSTS.
 */
class ErrorResponsesTest extends ApiTestBase {

    @Test
    void paths_the_container_cannot_decode_are_a_problem_detail_not_tomcats_page() throws IOException {
        for (String path : new String[]{"/api/v1/dags/%ZZ", "/api/v1/..%2Fusers", "/%2e%2e/x"}) {
            String response = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(response).as(path).startsWith("HTTP/1.1 400");
            assertThat(response).as(path).contains("application/problem+json").contains("\"status\":400")
                    .doesNotContain("Tomcat").doesNotContain("<html");
        }
    }

    @Test
    void paths_the_firewall_refuses_are_a_problem_detail_naming_the_rule() throws IOException {
        for (String path : new String[]{"/api/v1/./dags", "/api/v1//dags", "/api/v1/dags;x=1", "/ui/x/../users"}) {
            String response = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(response).as(path).startsWith("HTTP/1.1 400").contains("application/problem+json")
                    .contains("The request path is not accepted");
        }
    }

    @Test
    void error_requested_directly_is_a_404_for_anyone() {
        ApiClient.Response r = anonymous().get("/error");
        assertProblem(r, 404, "Nothing is served at /error");
    }

    @Test
    void an_unknown_dashboard_page_is_a_page_inside_the_layout() throws IOException {
        String response = raw("GET /ui/no-such-page HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 404").contains("text/html").contains("class=\"top\"")
                .contains("Nothing is served at /ui/no-such-page")
                // a page, not a problem-details body (the page's banners may carry role="status")
                .doesNotContain("\"status\":").doesNotContain("application/problem+json");
    }

    @Test
    void a_missing_body_is_named_without_java_signatures() {
        ApiClient.Response r = as(Role.USER).post("/api/v1/dags/example_hello/dagRuns", "");
        assertProblem(r, 400, "the request has no body");
        assertThat(r.body()).doesNotContain("java.").doesNotContain("Controller").doesNotContain("public ");
    }

    @Test
    void a_request_that_came_over_https_through_a_proxy_gets_a_secure_cookie_and_hsts() throws IOException {
        String viaTls = raw("GET /login HTTP/1.1\r\nHost: pipeline.example\r\nX-Forwarded-Proto: https\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(viaTls).startsWith("HTTP/1.1 200");
        assertThat(header(viaTls, "Set-Cookie")).contains("JSESSIONID").contains("Secure").contains("HttpOnly");
        assertThat(header(viaTls, "Strict-Transport-Security")).contains("max-age=");

        String plain = raw("GET /login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(header(plain, "Set-Cookie")).contains("JSESSIONID").doesNotContain("Secure");
        assertThat(header(plain, "Strict-Transport-Security")).isEmpty();
    }

    private static String header(String response, String name) {
        for (String line : response.split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return "";
    }

    /** A request written byte for byte, so that the path reaches the server exactly as spelled. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
