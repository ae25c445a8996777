package io.pipeline.connect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecretNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"api-key", "api_key", "apikey", "X-Api-Key", "apiKey", "API_KEY", "key", "Key2",
            "password", "db_passwd", "PWD", "client_secret", "clientSecret", "token", "auth_token", "auth",
            "Authorization", "oauth", "credentials", "aws_credential", "signature", "sig", "sas", "sas_token",
            "Bearer", "private_key", "privateKey", "session", "aws_session", "spark.hadoop.fs.s3a.secret.key",
            "access-key", "PIPELINE_ALERTS_SLACK_TOKEN", "jwt", "db_pass"})
    void masks_secret_looking_names_in_every_spelling(String name) {
        assertThat(SecretNames.isSecret(name)).as(name).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"region", "region_name", "endpoint", "bucket", "token_param", "key_id",
            "aws_access_key_id", "keyspace", "key_file", "spark.sql.session.timeZone", "spark.sql.shuffle.partitions",
            "author", "design", "timeout", "database", "schema", "login", "host", "channel", ""})
    void leaves_harmless_names_readable(String name) {
        assertThat(SecretNames.isSecret(name)).as(name).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-key", "auth", "X-Api-Key", "apikey", "sas", "sig", "session"})
    void connection_extras_with_secret_names_are_masked_in_the_uri_and_listed_as_secrets(String name) {
        Connection c = new Connection("vendor", "https", "user", "pw-1234", "api.example.com", -1, "",
                Map.of(name, "s3cr3t-value", "region", "eu"));

        assertThat(c.maskedUri()).contains(name + "=***").contains("region=eu").doesNotContain("s3cr3t-value");
        assertThat(c.secrets()).contains("s3cr3t-value");
    }
}
