package io.pipeline.connect;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionUriTest {

    @Test
    void parses_an_s3_uri_with_bucket_as_host_and_a_nested_endpoint_url_in_the_extras() {
        Connection c = ConnectionUri.parse("s3_raw", "s3://my-bucket?region=eu-west-1&endpoint=http://127.0.0.1:9000");

        assertThat(c.scheme()).isEqualTo("s3");
        assertThat(c.host()).isEqualTo("my-bucket");
        assertThat(c.port()).isEqualTo(-1);
        assertThat(c.login()).isNull();
        assertThat(c.extras()).containsExactlyInAnyOrderEntriesOf(
                Map.of("region", "eu-west-1", "endpoint", "http://127.0.0.1:9000"));
    }

    @Test
    void url_decodes_login_password_path_and_extras() {
        Connection c = ConnectionUri.parse("db",
                "postgresql://data%40team:p%2Fss%3Aw0rd%40x@db.example.com:5433/market%20data?application_name=a+b");

        assertThat(c.login()).isEqualTo("data@team");
        assertThat(c.password()).isEqualTo("p/ss:w0rd@x");
        assertThat(c.host()).isEqualTo("db.example.com");
        assertThat(c.port()).isEqualTo(5433);
        assertThat(c.path()).isEqualTo("market data");
        assertThat(c.extras()).containsEntry("application_name", "a b");
    }

    @Test
    void parses_a_redis_uri_with_password_only_and_a_database_number() {
        Connection c = ConnectionUri.parse("cache", "redis://:s3cret@127.0.0.1:6380/2");

        assertThat(c.login()).isNull();
        assertThat(c.password()).isEqualTo("s3cret");
        assertThat(c.port()).isEqualTo(6380);
        assertThat(c.path()).isEqualTo("2");
        assertThat(RedisConnections.uri(c).getDatabase()).isEqualTo(2);
        assertThat(RedisConnections.uri(c).getPort()).isEqualTo(6380);
    }

    @Test
    void parses_an_ipv6_host_with_port() {
        Connection c = ConnectionUri.parse("api", "http://[::1]:8081/v1");

        assertThat(c.host()).isEqualTo("::1");
        assertThat(c.port()).isEqualTo(8081);
        assertThat(HttpApi.of(c).base().toString()).isEqualTo("http://[::1]:8081/v1/");
    }

    @Test
    void masks_password_and_secret_extras_in_the_masked_uri_and_to_string() {
        Connection c = ConnectionUri.parse("s3_raw",
                "s3://AKIAEXAMPLE:wJalrXUtn%2FK7MDENG@bucket?region=eu-west-1&aws_session_token=tok123");

        assertThat(c.maskedUri()).isEqualTo("s3://AKIAEXAMPLE:***@bucket?aws_session_token=***&region=eu-west-1");
        assertThat(c.toString()).doesNotContain("wJalrXUtn").doesNotContain("tok123");
        assertThat(c.secrets()).containsExactlyInAnyOrder("wJalrXUtn/K7MDENG", "tok123");
    }

    @Test
    void treats_the_login_of_an_http_uri_without_password_as_a_token_and_masks_it() {
        Connection c = ConnectionUri.parse("eodhd", "https://demoTOKEN123@eodhd.com/api?token_param=api_token");

        assertThat(c.maskedUri()).isEqualTo("https://***@eodhd.com/api?token_param=api_token");
        assertThat(c.secrets()).containsExactly("demoTOKEN123");
    }

    @Test
    void rejects_a_uri_without_scheme_naming_the_variable_but_not_the_value() {
        assertThatThrownBy(() -> ConnectionUri.parse("s3_raw", "bucket:secretvalue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PIPELINE_CONN_S3_RAW")
                .hasMessageContaining("no scheme")
                .hasMessageNotContaining("secretvalue");
    }

    @Test
    void rejects_a_non_numeric_port() {
        assertThatThrownBy(() -> ConnectionUri.parse("q", "sqs://host:abc"))
                .hasMessageContaining("non-numeric port 'abc'");
    }

    @Test
    void rejects_bad_percent_encoding_naming_the_part() {
        assertThatThrownBy(() -> ConnectionUri.parse("db", "postgresql://u:p%zz@h/db"))
                .hasMessageContaining("password");
    }

    @Test
    void builds_a_jdbc_url_without_credentials() {
        Connection c = ConnectionUri.parse("warehouse", "postgresql://u:p@db:5432/prices?sslmode=require");

        assertThat(JdbcConnections.jdbcUrl(c)).isEqualTo("jdbc:postgresql://db:5432/prices?sslmode=require");
    }
}
