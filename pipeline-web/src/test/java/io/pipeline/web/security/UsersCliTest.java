package io.pipeline.web.security;

import io.pipeline.web.testing.ApiTestBase;
import io.pipeline.web.testing.CliInProcess;
import io.pipeline.web.testing.CliInProcess.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code users create|set-role|reset-password|delete} against the running application's database, audited. */
class UsersCliTest extends ApiTestBase {

    @Value("${spring.datasource.url}")
    String databaseUrl;

    private CliInProcess cli;

    @BeforeEach
    void cli() {
        cli = new CliInProcess(databaseUrl);
    }

    @AfterEach
    void restore() {
        cli.close();
    }

    @Test
    void every_change_through_the_cli_is_in_the_audit_log_with_the_os_user_and_no_password() {
        String name = "cli_user_" + System.nanoTime();

        assertThat(cli.run("users", "create", "-u", name, "-r", "Viewer", "-p", "cli-Secret-1"))
                .satisfies(r -> assertThat(r.exitCode()).as(r.err()).isZero());
        Result role = cli.run("users", "set-role", "-u", name, "-r", "op");
        assertThat(role.exitCode()).as(role.err()).isZero();
        assertThat(role.out()).contains("now has role Op");
        Result reset = cli.run("users", "reset-password", "-u", name, "-p", "cli-Secret-2");
        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(users.find(name).orElseThrow().role()).isEqualTo(Role.OP);
        assertThat(anonymous().as(name, "cli-Secret-2").get("/api/v1/dags").status()).isEqualTo(200);
        assertThat(anonymous().as(name, "cli-Secret-1").get("/api/v1/dags").status()).isEqualTo(401);
        assertThat(cli.run("users", "delete", "-u", name).exitCode()).isZero();
        assertThat(users.find(name)).isEmpty();

        List<JsonNode> entries = entriesAbout(name);
        assertThat(entries).extracting(e -> e.path("event").asString())
                .containsExactly("user_create", "user_update", "user_update", "user_delete");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.path("owner").asString()).isEqualTo(CliInProcess.osUser());
            assertThat(e.path("extra").asString()).contains("\"via\":\"cli\"");
        });
        assertThat(entries.toString()).doesNotContain("cli-Secret-1", "cli-Secret-2", "$2a$");
    }

    @Test
    void the_last_active_admin_cannot_be_deleted_or_demoted_and_unknown_users_are_named() {
        Result delete = cli.run("users", "delete", "-u", "admin");
        assertThat(delete.exitCode()).isEqualTo(2);
        assertThat(delete.err()).contains("cannot delete user 'admin': it is the last active Admin");
        Result demote = cli.run("users", "set-role", "-u", "admin", "-r", "Viewer");
        assertThat(demote.exitCode()).isEqualTo(2);
        assertThat(demote.err()).contains("cannot demote user 'admin': it is the last active Admin");
        assertThat(users.find("admin").orElseThrow().role()).isEqualTo(Role.ADMIN);

        Result unknown = cli.run("users", "reset-password", "-u", "nobody_here", "-p", "whatever-123");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("user 'nobody_here' does not exist");
    }

    private List<JsonNode> entriesAbout(String username) {
        List<JsonNode> found = new ArrayList<>();
        for (String event : List.of("user_create", "user_update", "user_delete")) {
            for (JsonNode e : as(Role.ADMIN).get("/api/v1/eventLogs?limit=1000&event=" + event).json()
                    .path("event_logs")) {
                if (e.path("extra").asString().contains("\"user\":\"" + username + "\"")) {
                    found.add(e);
                }
            }
        }
        found.sort((a, b) -> Long.compare(a.path("event_log_id").asLong(), b.path("event_log_id").asLong()));
        return found;
    }
}
