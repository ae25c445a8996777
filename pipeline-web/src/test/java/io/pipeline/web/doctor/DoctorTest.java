package io.pipeline.web.doctor;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.store.NodeRepository;
import io.pipeline.testing.TestDatabase;
import io.pipeline.web.cli.Cli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pipeline doctor} against a good configuration and against each kind of broken one. */
class DoctorTest {

    static HikariDataSource migrated;
    static HikariDataSource empty;
    static HttpServer slack;
    static final AtomicReference<String> slackAuthorization = new AtomicReference<>();

    @TempDir
    Path dataDir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T04:00:00Z"), ZoneOffset.UTC);

    @BeforeAll
    static void servers() throws IOException {
        migrated = TestDatabase.migratedDatabase("doctor_ok", 2);
        empty = TestDatabase.emptyDatabase("doctor_empty", 1);
        slack = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slack.createContext("/api/auth.test", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            slackAuthorization.set(auth);
            String body = "Bearer xoxb-good-token-1".equals(auth)
                    ? "{\"ok\":true,\"team\":\"Desk\",\"user\":\"pipeline-bot\",\"team_id\":\"T1\",\"user_id\":\"U1\"}"
                    : "{\"ok\":false,\"error\":\"invalid_auth\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        slack.start();
    }

    @AfterAll
    static void stop() {
        slack.stop(0);
        migrated.close();
        empty.close();
    }

    private Map<String, String> good() {
        Map<String, String> env = new HashMap<>();
        env.put("SPRING_DATASOURCE_URL", migrated.getJdbcUrl());
        env.put("SPRING_DATASOURCE_USERNAME", "postgres");
        env.put("SPRING_DATASOURCE_PASSWORD", "postgres");
        env.put("PIPELINE_DATA_DIR", dataDir.toString());
        env.put("PIPELINE_NODE_ID", "doctor-node");
        return env;
    }

    private List<Check> doctor(Map<String, String> env, boolean online) {
        return new Doctor(DoctorSettings.from(env, new Properties()), clock, online).run();
    }

    private static Check named(List<Check> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + checks));
    }

    @Test
    void a_good_configuration_passes_every_check() {
        List<Check> checks = doctor(good(), false);

        assertThat(checks).noneMatch(Check::failed);
        assertThat(named(checks, "database").detail()).contains("answers, migrated to version");
        assertThat(named(checks, "object store").detail()).contains("is writable from this node");
        assertThat(named(checks, "calendars").detail()).contains("covered through 2027-12-07");
        assertThat(named(checks, "slack").status()).isEqualTo(Check.Status.SKIP);
        assertThat(named(checks, "production").status()).as("profile not active").isEqualTo(Check.Status.SKIP);
        assertThat(named(checks, "production").detail()).contains("'simulated'").contains("PIPELINE_ADMIN_PASSWORD");
        assertThat(checks).allSatisfy(c -> assertThat(c.line()).doesNotContain("\n").doesNotContain("postgres@"));
    }

    @Test
    void an_unreachable_database_fails_naming_its_url_and_not_its_password() throws IOException {
        Map<String, String> env = good();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        env.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/pipeline");
        env.put("SPRING_DATASOURCE_PASSWORD", "db-secret-value");

        Check db = named(doctor(env, false), "database");

        assertThat(db.status()).isEqualTo(Check.Status.FAIL);
        assertThat(db.line()).contains("127.0.0.1:" + closedPort).contains("does not answer")
                .doesNotContain("db-secret-value");
    }

    @Test
    void a_database_with_pending_migrations_fails_and_says_how_to_migrate() {
        Map<String, String> env = good();
        env.put("SPRING_DATASOURCE_URL", empty.getJdbcUrl());

        Check db = named(doctor(env, false), "database");

        assertThat(db.status()).isEqualTo(Check.Status.FAIL);
        assertThat(db.detail()).contains("migration(s) pending").contains("pipeline db migrate");
    }

    @Test
    void an_object_store_this_node_cannot_write_fails() throws IOException {
        Map<String, String> env = good();
        Path notADirectory = Files.writeString(dataDir.resolve("plain-file"), "x");
        env.put("PIPELINE_DATA_DIR", notADirectory.toString());

        Check store = named(doctor(env, false), "object store");

        assertThat(store.status()).isEqualTo(Check.Status.FAIL);
        assertThat(store.detail()).contains("is not writable from this node");
    }

    @Test
    void connections_are_checked_one_by_one_resolvable_then_reachable_online() throws IOException {
        Map<String, String> env = good();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (ServerSocket open = new ServerSocket(0)) {
            env.put("PIPELINE_CONN_RISK_REDIS", "redis://:redis-secret-1@127.0.0.1:" + open.getLocalPort() + "/0");
            env.put("PIPELINE_CONN_MARKET_DATA_EOD", "https://api.no-such-host.invalid/v1?api_key=abc");
            env.put("PIPELINE_CONN_BROKEN", "::not a uri::");
            env.put("PIPELINE_CONN_RISK_SQS", "sqs://?region=us-east-1&endpoint=http://127.0.0.1:" + closedPort);

            List<Check> offline = doctor(env, false);
            List<Check> online = doctor(env, true);

            assertThat(named(offline, "connection risk_redis").status()).isEqualTo(Check.Status.OK);
            assertThat(named(offline, "connection risk_redis").line()).doesNotContain("redis-secret-1");
            assertThat(named(offline, "connection market_data_eod").status()).isEqualTo(Check.Status.FAIL);
            assertThat(named(offline, "connection market_data_eod").detail())
                    .contains("'api.no-such-host.invalid' does not resolve").doesNotContain("abc");
            assertThat(named(offline, "connection broken").status()).isEqualTo(Check.Status.FAIL);
            assertThat(named(offline, "connection broken").detail()).contains("PIPELINE_CONN_BROKEN");
            assertThat(named(offline, "connection risk_sqs").status()).as("resolvable offline")
                    .isEqualTo(Check.Status.OK);

            assertThat(named(online, "connection risk_redis").detail()).contains("reachable");
            assertThat(named(online, "connection risk_sqs").status()).isEqualTo(Check.Status.FAIL);
            assertThat(named(online, "connection risk_sqs").detail()).contains("not reachable");
        }
    }

    @Test
    void slack_auth_test_passes_with_an_accepted_token_and_fails_with_a_refused_one() {
        Map<String, String> env = good();
        env.put("PIPELINE_ALERTS_SLACK_API_URL", "http://127.0.0.1:" + slack.getAddress().getPort() + "/api/");
        env.put("PIPELINE_ALERTS_SLACK_TOKEN", "xoxb-good-token-1");

        Check ok = named(doctor(env, false), "slack");
        assertThat(slackAuthorization.get()).isEqualTo("Bearer xoxb-good-token-1");
        env.put("PIPELINE_ALERTS_SLACK_TOKEN", "xoxb-revoked-token-2");
        Check refused = named(doctor(env, false), "slack");

        assertThat(ok.status()).isEqualTo(Check.Status.OK);
        assertThat(ok.detail()).contains("team Desk").contains("pipeline-bot");
        assertThat(refused.status()).isEqualTo(Check.Status.FAIL);
        assertThat(refused.detail()).contains("invalid_auth").doesNotContain("xoxb-revoked-token-2");
    }

    @Test
    void a_calendar_ending_within_the_next_12_months_fails_naming_the_dag() {
        Clock late = Clock.fixed(Instant.parse("2036-06-01T00:00:00Z"), ZoneOffset.UTC);

        List<Check> checks = new Doctor(DoctorSettings.from(good(), new Properties()), late, false).run();

        assertThat(checks).filteredOn(c -> c.name().equals("calendars")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(Check.Status.FAIL))
                .anySatisfy(c -> assertThat(c.detail()).contains("DAG daily_bars").contains("XNYS")
                        .contains("outside that range"));
    }

    @Test
    void with_the_production_profile_each_unsafe_setting_fails_the_production_check() {
        Map<String, String> env = good();
        env.put("SPRING_PROFILES_ACTIVE", "production");
        new NodeRepository(JdbcClient.create(migrated)).register("another-node", "h", List.of("worker"),
                List.of("default"), 4, clock.instant());

        Check production = named(doctor(env, false), "production");

        assertThat(production.status()).isEqualTo(Check.Status.FAIL);
        assertThat(production.detail()).contains("would refuse to start: 5 unsafe setting(s)")
                .contains("'simulated'").contains("simulate_vendor_drop").contains("file outbox")
                .contains("1 other node").contains("PIPELINE_ADMIN_PASSWORD");
    }

    @Test
    void doctor_answers_help_and_exits_1_when_a_check_fails() throws IOException {
        StringWriter out = new StringWriter();
        assertThat(Cli.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "doctor", "--help"))
                .isZero();
        assertThat(out.toString()).contains("Usage: pipeline doctor").contains("--online");

        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String previous = System.getProperty("spring.datasource.url");
        System.setProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/pipeline");
        LoggingSystem logging = LoggingSystem.get(DoctorTest.class.getClassLoader());
        LogLevel rootLevel = logging.getLoggerConfiguration(LoggingSystem.ROOT_LOGGER_NAME).getEffectiveLevel();
        try {
            StringWriter lines = new StringWriter();
            int code = Cli.run(new PrintWriter(lines), new PrintWriter(new StringWriter()), "doctor");

            assertThat(code).isEqualTo(1);
            assertThat(lines.toString()).contains("FAIL  database: jdbc:postgresql://127.0.0.1:" + closedPort)
                    .contains("check(s) failed");
        } finally {
            logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, rootLevel); // the command quiets the log
            if (previous == null) {
                System.clearProperty("spring.datasource.url");
            } else {
                System.setProperty("spring.datasource.url", previous);
            }
        }
    }
}
