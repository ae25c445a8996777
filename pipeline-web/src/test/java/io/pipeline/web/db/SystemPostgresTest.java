package io.pipeline.web.db;

import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.Await;
import io.pipeline.web.testing.SystemPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The service against an external PostgreSQL of another major than the embedded one: the machine's own server
 * (Debian's package, 15 on Debian 12), started by the test. Flyway migrates it, the admin is created in it, and a
 * triggered run of the example DAG goes through the engine to success.
 */
@SpringBootTest(classes = io.pipeline.web.PipelineApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class SystemPostgresTest {

    private static final String ADMIN_PASSWORD = "system-Postgres-admin-1";
    private static SystemPostgres server;
    private static Path dataDir;

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @BeforeAll
    static void startTheMachinesPostgres() throws IOException {
        assumeTrue(SystemPostgres.whyNot().isEmpty(), () -> "skipped: " + SystemPostgres.whyNot().orElseThrow());
        server = SystemPostgres.start();
        dataDir = Files.createTempDirectory("system-postgres-app-");
    }

    @DynamicPropertySource
    static void application(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> server.jdbcUrl());
        registry.add("spring.datasource.username", () -> SystemPostgres.USER);
        registry.add("spring.datasource.password", () -> "");
        registry.add("pipeline.data-dir", () -> dataDir.toString());
        registry.add("pipeline.admin.password", () -> ADMIN_PASSWORD);
    }

    @Test
    void migrates_the_server_and_runs_a_dag_to_success_on_it() {
        assertThat(server.serverVersion()).startsWith(server.major() + ".");
        assertThat(server.major()).isNotEqualTo(EmbeddedPostgresServer.MAJOR_VERSION);
        JdbcClient db = JdbcClient.create(dataSource);
        assertThat(db.sql("SHOW server_version").query(String.class).single()).isEqualTo(server.serverVersion());
        assertThat(db.sql("SELECT count(*) FROM flyway_schema_history WHERE NOT success").query(Integer.class).single())
                .isZero();
        assertThat(db.sql("SELECT role FROM users WHERE username = 'admin'").query(String.class).single())
                .isEqualTo("Admin");

        ApiClient admin = ApiClient.anonymous(port).as("admin", ADMIN_PASSWORD);
        String runs = "/api/v1/dags/example_trading_day/dagRuns";
        ApiClient.Response created = admin.post(runs,
                "{\"dag_run_id\": \"on_system_pg\", \"logical_date\": \"2026-03-02T23:30:00Z\", \"conf\": {}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);

        JsonNode run = Await.until(Duration.ofSeconds(120), () -> admin.get(runs + "/on_system_pg").json(),
                r -> r.path("state").asString().equals("success") || r.path("state").asString().equals("failed"),
                "run on_system_pg finished");
        assertThat(run.path("state").asString()).isEqualTo("success");
    }
}
