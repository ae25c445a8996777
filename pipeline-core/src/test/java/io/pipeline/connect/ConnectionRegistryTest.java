package io.pipeline.connect;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionRegistryTest {

    private final ConnectionRegistry registry = new ConnectionRegistry(Map.of(
            "PIPELINE_CONN_S3_RAW", "s3://raw-bucket?region=eu-west-1",
            "PIPELINE_CONN_RISK_QUEUE", "sqs://?region=us-east-1&endpoint=http://127.0.0.1:9324",
            "PATH", "/usr/bin",
            "PIPELINE_CONN_", "ignored://x"));

    @Test
    void reads_only_pipeline_conn_variables_with_lower_case_ids() {
        assertThat(registry.ids()).containsExactly("risk_queue", "s3_raw");
    }

    @Test
    void looks_ids_up_case_insensitively() {
        assertThat(registry.get("S3_RAW").host()).isEqualTo("raw-bucket");
        assertThat(registry.find("s3_raw")).isPresent();
    }

    @Test
    void names_the_variable_to_set_when_a_connection_is_missing() {
        assertThatThrownBy(() -> registry.get("redis_jobs"))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("PIPELINE_CONN_REDIS_JOBS")
                .hasMessageContaining("risk_queue");
    }

    @Test
    void fails_at_construction_on_a_malformed_uri_naming_the_variable() {
        assertThatThrownBy(() -> new ConnectionRegistry(Map.of("PIPELINE_CONN_BAD", "no-scheme-here")))
                .hasMessageContaining("PIPELINE_CONN_BAD");
    }

    @Test
    void collects_every_secret_for_log_masking() {
        ConnectionRegistry withSecrets = new ConnectionRegistry(Map.of(
                "PIPELINE_CONN_A", "redis://:pw1@h:6379",
                "PIPELINE_CONN_B", "https://tok2@api.example.com"));
        assertThat(withSecrets.secrets()).containsExactlyInAnyOrder("pw1", "tok2");
        assertThat(withSecrets.toString()).doesNotContain("pw1").doesNotContain("tok2");
    }

    @Test
    void rejects_half_given_aws_credentials() {
        Connection c = ConnectionUri.parse("s3", "s3://bucket?aws_access_key_id=AKIA");
        assertThatThrownBy(() -> AwsClients.credentials(c)).hasMessageContaining("both the access key id");
    }
}
