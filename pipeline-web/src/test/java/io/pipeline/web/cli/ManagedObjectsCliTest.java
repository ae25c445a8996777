package io.pipeline.web.cli;

import io.pipeline.connect.SecretCipher;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pools}, {@code variables} and {@code connections}, in-process against a fresh database of the test
 * PostgreSQL (as {@link DatabaseCliTest}); the secret key is given as the {@code pipeline.secret-key} property.
 */
class ManagedObjectsCliTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** One key for the class: the tests share the database, and an export reads what every test stored. */
    private static final String KEY = SecretCipher.generateKey();
    private static String url;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, String> saved = new HashMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        try (var ds = TestDatabase.emptyDatabase("web_cli_objects", 1)) {
            url = ds.getJdbcUrl();
        }
    }

    @BeforeEach
    void pointAtTheTestDatabase() {
        set("spring.datasource.url", url);
        set("spring.datasource.username", "postgres");
        set("spring.datasource.password", "postgres");
        set("pipeline.secret-key", KEY);
    }

    @AfterEach
    void restore() {
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    private void set(String key, String value) {
        if (!saved.containsKey(key)) {
            saved.put(key, System.getProperty(key));
        }
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Cli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void pools_are_set_listed_got_deleted_and_default_pool_is_kept() {
        assertThat(run("pools", "set", "cli_vendor", "3", "Vendor API quota")).as(err.toString()).isZero();
        assertThat(run("pools", "set", "cli_vendor", "5", "Raised quota", "--include-deferred")).isZero();
        assertThat(run("pools", "get", "cli_vendor", "-o", "plain")).as(err.toString()).isZero();
        assertThat(out.toString().lines()).containsExactly("pool\tslots\tdescription\tinclude_deferred",
                "cli_vendor\t5\tRaised quota\ttrue");
        assertThat(run("pools", "list", "-o", "plain")).isZero();
        assertThat(out.toString().lines()).contains("cli_vendor\t5\tRaised quota\ttrue")
                .anyMatch(l -> l.startsWith("default_pool\t"));

        assertThat(run("pools", "delete", "default_pool")).isEqualTo(2);
        assertThat(err.toString()).contains("Default Pool can't be deleted");
        assertThat(run("pools", "set", "bad/pool", "1", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("'bad/pool'").contains("letters, digits");
        assertThat(run("pools", "set", "cli_neg", "-1", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("slots");

        assertThat(run("pools", "delete", "cli_vendor")).isZero();
        assertThat(run("pools", "get", "cli_vendor")).isEqualTo(2);
        assertThat(err.toString()).contains("Pool 'cli_vendor' does not exist");
    }

    @Test
    void a_pool_import_with_a_bad_entry_names_it_and_imports_nothing_and_export_round_trips() throws IOException {
        Path bad = file("bad_pools.json", """
                {"imp_a": {"slots": 2, "description": "a"}, "imp_b": {"slots": "many", "description": "b"}}""");
        assertThat(run("pools", "import", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("pool 'imp_b'").contains("slots").contains("nothing was imported");
        assertThat(run("pools", "get", "imp_a")).isEqualTo(2);

        // valid JSON, refused by the database side (negative slots) after the first entry was written
        Path refused = file("refused_pools.json", """
                {"imp_a": {"slots": 2, "description": "a"}, "imp_c": {"slots": -4, "description": "c"}}""");
        assertThat(run("pools", "import", refused.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("pool 'imp_c'");
        assertThat(run("pools", "get", "imp_a")).isEqualTo(2);

        Path good = file("pools.json", """
                {"imp_a": {"slots": 2, "description": "a", "include_deferred": true},
                 "imp_b": {"slots": 7, "description": "b"}}""");
        assertThat(run("pools", "import", good.toString())).as(err.toString()).isZero();
        Path exported = dir.resolve("exported_pools.json");
        assertThat(run("pools", "export", exported.toString())).as(err.toString()).isZero();
        JsonNode json = JSON.readTree(Files.readString(exported));
        assertThat(json.get("imp_a").get("slots").intValue()).isEqualTo(2);
        assertThat(json.get("imp_a").get("include_deferred").booleanValue()).isTrue();
        assertThat(json.get("imp_b").get("description").asString()).isEqualTo("b");
        assertThat(json.has("default_pool")).isTrue();

        assertThat(run("pools", "delete", "imp_a")).isZero();
        assertThat(run("pools", "import", exported.toString())).as(err.toString()).isZero();
        assertThat(run("pools", "get", "imp_a", "-o", "plain")).isZero();
        assertThat(out.toString()).contains("imp_a\t2\ta\ttrue");
    }

    @Test
    void variables_are_set_got_listed_and_secret_values_masked() {
        assertThat(run("variables", "set", "cli_region", "eu-west-1", "--description", "AWS region"))
                .as(err.toString()).isZero();
        assertThat(run("variables", "set", "cli_api_token", "tok-123456789")).as(err.toString()).isZero();

        assertThat(run("variables", "get", "cli_region")).isZero();
        assertThat(out.toString().trim()).isEqualTo("eu-west-1");
        assertThat(run("variables", "get", "cli_api_token")).isZero();
        assertThat(out.toString().trim()).isEqualTo("***");
        assertThat(run("variables", "get", "cli_api_token", "--show-secret")).isZero();
        assertThat(out.toString().trim()).isEqualTo("tok-123456789");

        assertThat(run("variables", "list", "-o", "plain")).isZero();
        assertThat(out.toString().lines()).contains("cli_region\tAWS region", "cli_api_token\t");
        assertThat(out.toString()).doesNotContain("tok-123456789").doesNotContain("eu-west-1");

        assertThat(run("variables", "get", "cli_missing")).isEqualTo(2);
        assertThat(err.toString()).contains("cli_missing").contains("does not exist");
        assertThat(run("variables", "get", "cli_missing", "-d", "fallback")).isZero();
        assertThat(out.toString().trim()).isEqualTo("fallback");
        assertThat(run("variables", "set", "bad key", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("'bad key'");

        assertThat(run("variables", "delete", "cli_region")).isZero();
        assertThat(run("variables", "delete", "cli_region")).isEqualTo(2);
        assertThat(err.toString()).contains("cli_region");
    }

    @Test
    void without_a_secret_key_secrets_are_refused_and_plain_values_stored() {
        set("pipeline.secret-key", null);
        assertThat(run("variables", "set", "nokey_password", "hunter2")).isEqualTo(2);
        assertThat(err.toString()).contains("PIPELINE_SECRET_KEY");
        assertThat(run("variables", "set", "nokey_colour", "blue")).as(err.toString()).isZero();
        assertThat(run("connections", "add", "nokey_db", "--conn-uri", "postgres://u:pw@db:5432/x"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("PIPELINE_SECRET_KEY").doesNotContain("pw@");
        assertThat(run("connections", "get", "nokey_db")).isEqualTo(2);
    }

    @Test
    void a_variable_import_is_all_or_nothing_and_export_round_trips() throws IOException {
        Path bad = file("bad_vars.json", """
                {"vimp_a": "1", "vimp b": "2"}""");
        assertThat(run("variables", "import", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("variable 'vimp b'").contains("nothing was imported");
        assertThat(run("variables", "get", "vimp_a")).isEqualTo(2);

        Path good = file("vars.json", """
                {"vimp_a": "1", "vimp_conf": {"depth": 3}, "vimp_secret": "s3cr3t-value"}""");
        assertThat(run("variables", "import", good.toString())).as(err.toString()).isZero();
        assertThat(run("variables", "get", "vimp_conf")).isZero();
        assertThat(JSON.readTree(out.toString()).get("depth").intValue()).isEqualTo(3);

        Path plain = dir.resolve("vars_out.json");
        assertThat(run("variables", "export", plain.toString())).as(err.toString()).isZero();
        assertThat(err.toString()).contains("--include-secrets");
        JsonNode json = JSON.readTree(Files.readString(plain));
        assertThat(json.get("vimp_a").asString()).isEqualTo("1");
        assertThat(json.get("vimp_conf").get("depth").intValue()).isEqualTo(3);
        assertThat(json.has("vimp_secret")).isFalse();
        assertThat(Files.readString(plain)).doesNotContain("s3cr3t-value");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain))).isEqualTo("rw-------");

        Path full = dir.resolve("vars_full.json");
        assertThat(run("variables", "export", full.toString(), "--include-secrets")).isZero();
        assertThat(JSON.readTree(Files.readString(full)).get("vimp_secret").asString()).isEqualTo("s3cr3t-value");
        for (String key : new String[] {"vimp_a", "vimp_conf", "vimp_secret"}) {
            assertThat(run("variables", "delete", key)).isZero();
        }
        assertThat(run("variables", "import", full.toString())).as(err.toString()).isZero();
        assertThat(run("variables", "get", "vimp_secret", "--show-secret")).isZero();
        assertThat(out.toString().trim()).isEqualTo("s3cr3t-value");
        assertThat(run("variables", "import", full.toString(), "-a", "fail")).isEqualTo(2);
        assertThat(err.toString()).contains("already exists");
    }

    @Test
    void connections_are_added_listed_and_got_without_printing_passwords() {
        assertThat(run("connections", "add", "cli_pg", "--conn-uri",
                "postgres://loader:pg-pass-42@db.internal:5432/marketdata?sslmode=require&api_token=tk-999"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("cli_pg").doesNotContain("pg-pass-42").doesNotContain("tk-999");
        assertThat(run("connections", "add", "cli_http", "--conn-type", "http", "--conn-host", "vendor.example",
                "--conn-port", "443", "--conn-extra", "{\"timeout\": 5}")).as(err.toString()).isZero();

        assertThat(run("connections", "get", "cli_pg", "-o", "json")).as(err.toString()).isZero();
        JsonNode got = JSON.readTree(out.toString()).get(0);
        assertThat(got.get("conn_type").asString()).isEqualTo("postgres");
        assertThat(got.get("host").asString()).isEqualTo("db.internal");
        assertThat(got.get("schema").asString()).isEqualTo("marketdata");
        assertThat(got.get("port").asString()).isEqualTo("5432");
        assertThat(got.get("password").asString()).isEqualTo("***");
        assertThat(out.toString()).contains("sslmode").doesNotContain("pg-pass-42").doesNotContain("tk-999");

        assertThat(run("connections", "list", "-o", "plain")).isZero();
        assertThat(out.toString().lines()).contains("cli_http\thttp\t\tvendor.example\t\t\t443");
        assertThat(out.toString()).contains("cli_pg").doesNotContain("pg-pass-42");

        assertThat(run("connections", "add", "cli_pg", "--conn-type", "postgres")).isEqualTo(2);
        assertThat(err.toString()).contains("already exists");
        assertThat(run("connections", "add", "bad:id", "--conn-type", "http")).isEqualTo(2);
        assertThat(err.toString()).contains("'bad:id'");
        assertThat(run("connections", "add", "cli_none")).isEqualTo(2);
        assertThat(err.toString()).contains("--conn-uri");

        assertThat(run("connections", "delete", "cli_http")).isZero();
        assertThat(run("connections", "get", "cli_http")).isEqualTo(2);
        assertThat(err.toString()).contains("cli_http");
    }

    @Test
    void a_connection_import_is_all_or_nothing_and_export_round_trips_with_secrets_only_when_asked()
            throws IOException {
        Path bad = file("bad_conns.json", """
                {"cimp_ok": {"conn_type": "http", "host": "a.example"},
                 "cimp_bad": {"conn_type": "postgres", "port": "not-a-port"}}""");
        assertThat(run("connections", "import", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("connection 'cimp_bad'").contains("port").contains("nothing was imported");
        assertThat(run("connections", "get", "cimp_ok")).isEqualTo(2);

        Path good = file("conns.json", """
                {"cimp_ok": {"conn_type": "http", "host": "a.example", "port": 8443,
                             "extra": "{\\"timeout\\": 5, \\"api_key\\": \\"k-777\\"}"},
                 "cimp_db": {"conn_type": "postgres", "host": "db", "login": "u", "password": "pw-888",
                             "schema": "md", "port": 5432, "extra": null}}""");
        assertThat(run("connections", "import", good.toString())).as(err.toString()).isZero();
        assertThat(run("connections", "import", good.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("connection 'cimp_ok'").contains("already exists");

        Path plain = dir.resolve("conns_out.json");
        assertThat(run("connections", "export", plain.toString())).as(err.toString()).isZero();
        assertThat(err.toString()).contains("--include-secrets");
        String text = Files.readString(plain);
        assertThat(text).doesNotContain("pw-888").doesNotContain("k-777").contains("timeout");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain))).isEqualTo("rw-------");

        Path full = dir.resolve("conns_full.json");
        assertThat(run("connections", "export", full.toString(), "--include-secrets")).isZero();
        JsonNode json = JSON.readTree(Files.readString(full));
        assertThat(json.get("cimp_db").get("password").asString()).isEqualTo("pw-888");
        assertThat(json.get("cimp_db").get("port").intValue()).isEqualTo(5432);
        assertThat(json.get("cimp_ok").get("extra").asString()).contains("k-777");

        assertThat(run("connections", "delete", "cimp_db")).isZero();
        assertThat(run("connections", "delete", "cimp_ok")).isZero();
        // --overwrite: the export also holds the connections of the other tests, which share the database
        assertThat(run("connections", "import", full.toString(), "--overwrite")).as(err.toString()).isZero();
        assertThat(run("connections", "get", "cimp_db", "-o", "plain")).isZero();
        assertThat(out.toString()).contains("cimp_db\tpostgres\t\tdb\tmd\tu\t***\t5432").doesNotContain("pw-888");
        assertThat(run("connections", "export", dir.resolve("again.json").toString(), "--include-secrets"))
                .isZero();
        assertThat(JSON.readTree(Files.readString(dir.resolve("again.json")))).isEqualTo(json);
    }
}
