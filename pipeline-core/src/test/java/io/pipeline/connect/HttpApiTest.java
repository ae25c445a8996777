package io.pipeline.connect;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpApiTest {

    @Test
    void sends_the_token_as_a_query_parameter_when_token_param_is_set_and_redacts_it() {
        HttpApi api = HttpApi.of(ConnectionUri.parse("eod", "https://T0K%2BEN@api.example.com/api?token_param=api_token"));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("from", "2024-01-02");
        query.put("fmt", "json");
        URI url = api.url("eod/AAPL.US", query);

        assertThat(url.toString()).isEqualTo("https://api.example.com/api/eod/AAPL.US?from=2024-01-02&fmt=json");
        var request = api.get(url);
        assertThat(request.uri().toString()).endsWith("&api_token=T0K%2BEN");
        assertThat(request.headers().firstValue("Authorization")).isEmpty();
        assertThat(api.redact(request.uri())).doesNotContain("T0K").endsWith("api_token=***");
    }

    @Test
    void sends_the_token_as_a_bearer_header_by_default() {
        HttpApi api = HttpApi.of(ConnectionUri.parse("bars", "http://secret-token@127.0.0.1:8080"));
        var request = api.get(api.url("/bars", Map.of()));

        assertThat(request.uri().toString()).isEqualTo("http://127.0.0.1:8080/bars");
        assertThat(request.headers().firstValue("Authorization")).contains("Bearer secret-token");
    }
}
