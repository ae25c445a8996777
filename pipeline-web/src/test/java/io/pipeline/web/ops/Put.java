package io.pipeline.web.ops;

import io.pipeline.web.testing.ApiClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A PUT with no body (Airflow 3's backfill actions), which the shared test client does not offer. */
final class Put {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Put() {
    }

    /** @param user null: no credentials */
    static ApiClient.Response as(int port, String user, String password, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .PUT(HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            String token = Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
            b.header("Authorization", "Basic " + token);
        }
        HttpRequest request = b.build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue("WWW-Authenticate").orElse(null), r.body());
        } catch (IOException e) {
            throw new IllegalStateException("PUT " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
