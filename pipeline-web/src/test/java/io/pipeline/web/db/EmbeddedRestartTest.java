package io.pipeline.web.db;

import io.pipeline.web.PipelineApplication;
import io.pipeline.web.security.AdminBootstrap;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as a newcomer runs it: no datasource configured, so the embedded PostgreSQL starts with its files
 * in the data dir. History, the generated admin password (kept in its file, never logged) and the database port survive a restart, also after an
 * unclean stop that left a postmaster.pid naming a live process that is not PostgreSQL.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedRestartTest {

    private static final String RUNS = "/api/v1/dags/example_trading_day/dagRuns";

    @TempDir
    Path dataDir;

    @Test
    void a_run_and_the_generated_admin_survive_a_restart_on_the_embedded_database(CapturedOutput output)
            throws IOException {
        String password;
        String port;
        try (ConfigurableApplicationContext app = start()) {
            Path passwordFile = dataDir.resolve(AdminBootstrap.PASSWORD_FILE);
            password = Files.readString(passwordFile).trim();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
            assertThat(occurrences(output.getAll(), password)).as("password never in the log").isZero();
            assertThat(output.getAll()).as("the log names the file").contains(passwordFile.toAbsolutePath().toString());
            port = Files.readString(dataDir.resolve("postgres.port")).trim();

            ApiClient api = api(app, password);
            ApiClient.Response created = api.post(RUNS, "{\"dag_run_id\": \"before_restart\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            Await.until(Duration.ofSeconds(30), () -> api.get(RUNS + "/before_restart").json().path("state").asString(),
                    "success"::equals, "run before_restart succeeded");
        }
        assertThat(dataDir.resolve("postgres/postmaster.pid")).as("clean stop").doesNotExist();
        Files.writeString(dataDir.resolve("postgres/postmaster.pid"),
                ProcessHandle.current().pid() + "\n" + dataDir.resolve("postgres") + "\n0\n" + port + "\n");

        try (ConfigurableApplicationContext app = start()) {
            ApiClient api = api(app, password);
            assertThat(api.get("/api/v1/dags/example_trading_day").status()).isEqualTo(200);
            assertThat(api.get(RUNS + "/before_restart").json().path("state").asString()).isEqualTo("success");
            assertThat(api.get(RUNS + "/before_restart/taskInstances/load_bars").json().path("try_number").asInt())
                    .isEqualTo(2);
        }
        assertThat(occurrences(output.getAll(), password)).as("password not in the log after a restart").isZero();
        assertThat(output.getAll()).contains("removed stale");
        assertThat(Files.readString(dataDir.resolve("postgres.port")).trim()).isEqualTo(port);
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(PipelineApplication.class)
                .run("--server.port=0", "--pipeline.data-dir=" + dataDir, "--pipeline.node.id=restart-test");
    }

    private static ApiClient api(ConfigurableApplicationContext app, String password) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return ApiClient.anonymous(port).as("admin", password);
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
