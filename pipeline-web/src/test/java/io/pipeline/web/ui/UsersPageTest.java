package io.pipeline.web.ui;

import io.pipeline.web.security.NewUser;
import io.pipeline.web.security.Role;
import io.pipeline.web.security.TestUsers;
import io.pipeline.web.security.UserRecord;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The users page (Admin) and the own-password page (any role), with their audit-log entries. */
@ExtendWith(OutputCaptureExtension.class)
class UsersPageTest extends ApiTestBase {

    @Test
    void an_admin_creates_changes_the_role_resets_the_password_and_deletes_a_user_each_audited(
            CapturedOutput output) {
        String name = "ui_user_" + System.nanoTime();
        UiSession admin = UiSession.loggedIn(port, "admin", ADMIN_PASSWORD);
        UiSession.Page page = admin.get("/ui/users");

        UiSession.Page created = admin.post("/ui/users",
                Map.of("username", name, "password", "first-Secret-1", "role", "Viewer"), page);
        assertThat(created.status()).as(created.body()).isEqualTo(302);
        assertThat(users.find(name).orElseThrow().role()).isEqualTo(Role.VIEWER);

        UiSession.Page role = admin.post("/ui/users/" + name + "/role", Map.of("role", "Op"), page);
        assertThat(role.status()).isEqualTo(302);
        assertThat(users.find(name).orElseThrow().role()).isEqualTo(Role.OP);

        UiSession.Page reset = admin.post("/ui/users/" + name + "/password", Map.of("password", "second-Secret-2"),
                page);
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.body()).contains("Password of user &#39;" + name + "&#39; changed.");
        assertThat(anonymous().as(name, "second-Secret-2").get("/api/v1/dags").status()).isEqualTo(200);
        assertThat(anonymous().as(name, "first-Secret-1").get("/api/v1/dags").status()).isEqualTo(401);

        UiSession.Page deleted = admin.post("/ui/users/" + name + "/delete", Map.of(), page);
        assertThat(deleted.status()).isEqualTo(302);
        assertThat(users.find(name)).isEmpty();

        List<JsonNode> entries = entriesAbout(name);
        assertThat(entries).extracting(e -> e.path("event").asString())
                .containsExactly("user_create", "user_update", "user_update", "user_delete");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.path("owner").asString()).isEqualTo("admin");
            assertThat(e.path("extra").asString()).contains("\"via\":\"ui\"", "\"user\":\"" + name + "\"");
        });
        assertThat(entries.get(1).path("extra").asString()).contains("\"from_role\":\"Viewer\"", "\"role\":\"Op\"");
        assertThat(entries.get(2).path("extra").asString()).contains("\"changed\":\"password\"");
        assertThat(entries.toString()).doesNotContain("first-Secret-1", "second-Secret-2", "$2a$");
        assertThat(output.getAll())
                .contains("user_create: user '" + name + "' created with role Viewer by admin (via ui)")
                .contains("user_update: user '" + name + "' role changed from Viewer to Op by admin (via ui)")
                .contains("user_update: user '" + name + "' password changed by admin (via ui)")
                .contains("user_delete: user '" + name + "' deleted by admin (via ui)")
                .doesNotContain("first-Secret-1", "second-Secret-2");
    }

    @Test
    void the_last_active_admin_cannot_be_demoted() {
        List<String> admins = users.list().stream().filter(u -> u.role() == Role.ADMIN && u.active())
                .map(UserRecord::username).toList();
        assertThat(admins).as("precondition: the bootstrap admin is the only Admin").containsExactly("admin");
        UiSession admin = UiSession.loggedIn(port, "admin", ADMIN_PASSWORD);
        UiSession.Page page = admin.get("/ui/users");

        UiSession.Page refused = admin.post("/ui/users/admin/role", Map.of("role", "Op"), page);

        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"users-error\"", "it is the last active Admin");
        assertThat(users.find("admin").orElseThrow().role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void an_admin_may_demote_itself_while_another_admin_remains() {
        String second = "ui_admin_" + System.nanoTime();
        TestUsers.createIfAbsent(users, NewUser.of(second, "second-Admin-1", Role.ADMIN));
        try {
            UiSession other = UiSession.loggedIn(port, second, "second-Admin-1");
            UiSession.Page page = other.get("/ui/users");
            UiSession.Page demoted = other.post("/ui/users/" + second + "/role", Map.of("role", "User"), page);
            assertThat(demoted.status()).isEqualTo(302);
            assertThat(users.find(second).orElseThrow().role()).isEqualTo(Role.USER);
        } finally {
            TestUsers.delete(users, second); // other tests need "admin" to be the only Admin
        }
    }

    @Test
    void a_user_changes_their_own_password_and_the_old_one_stops_working(CapturedOutput output) {
        String name = "ui_own_" + System.nanoTime();
        TestUsers.createIfAbsent(users, NewUser.of(name, "old-Secret-1", Role.VIEWER));
        UiSession session = UiSession.loggedIn(port, name, "old-Secret-1");
        UiSession.Page dags = session.get("/ui/dags");
        assertThat(dags.body()).contains("href=\"/ui/account/password\"");
        UiSession.Page form = session.get("/ui/account/password");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"current_password\"", "name=\"new_password_again\"");

        UiSession.Page wrong = session.post("/ui/account/password", Map.of("current_password", "not-it-123",
                "new_password", "new-Secret-2", "new_password_again", "new-Secret-2"), form);
        assertThat(wrong.body()).contains("id=\"account-error\"", "the current password is wrong");
        UiSession.Page differ = session.post("/ui/account/password", Map.of("current_password", "old-Secret-1",
                "new_password", "new-Secret-2", "new_password_again", "new-Secret-3"), form);
        assertThat(differ.body()).contains("the two new passwords differ");
        UiSession.Page tooShort = session.post("/ui/account/password", Map.of("current_password", "old-Secret-1",
                "new_password", "short", "new_password_again", "short"), form);
        assertThat(tooShort.body()).contains("at least 8 characters");
        assertThat(anonymous().as(name, "old-Secret-1").get("/api/v1/dags").status()).isEqualTo(200);

        UiSession.Page changed = session.post("/ui/account/password", Map.of("current_password", "old-Secret-1",
                "new_password", "new-Secret-2", "new_password_again", "new-Secret-2"), form);

        assertThat(changed.body()).contains("id=\"account-notice\"", "Your password has been changed.");
        assertThat(anonymous().as(name, "old-Secret-1").get("/api/v1/dags").status()).isEqualTo(401);
        assertThat(anonymous().as(name, "new-Secret-2").get("/api/v1/dags").status()).isEqualTo(200);
        UiSession.loggedIn(port, name, "new-Secret-2");
        List<JsonNode> entries = entriesAbout(name);
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().path("event").asString()).isEqualTo("user_update");
        assertThat(entries.getFirst().path("owner").asString()).isEqualTo(name);
        assertThat(entries.toString()).doesNotContain("old-Secret-1", "new-Secret-2");
        assertThat(output.getAll()).contains("user_update: user '" + name + "' password changed by " + name)
                .doesNotContain("old-Secret-1", "new-Secret-2");
    }

    @Test
    void the_users_page_offers_role_and_password_forms_with_csrf_tokens() {
        UiSession admin = UiSession.loggedIn(port, "admin", ADMIN_PASSWORD);
        String body = admin.get("/ui/users").body();

        assertThat(body).contains("action=\"/ui/users/viewer/role\"", "action=\"/ui/users/viewer/password\"");
        assertThat(body.split("action=\"/ui/users/viewer/role\"")[1].split("</form>")[0]).contains("name=\"_csrf\"");
    }

    /** The audit entries (oldest first) whose extra names the user. */
    private List<JsonNode> entriesAbout(String username) {
        List<JsonNode> found = new ArrayList<>();
        for (String event : List.of("user_create", "user_update", "user_delete")) {
            JsonNode page = as(Role.ADMIN).get("/api/v1/eventLogs?limit=1000&event=" + event).json();
            for (JsonNode e : page.path("event_logs")) {
                if (e.path("extra").asString().contains("\"user\":\"" + username + "\"")) {
                    found.add(e);
                }
            }
        }
        found.sort((a, b) -> Long.compare(a.path("event_log_id").asLong(), b.path("event_log_id").asLong()));
        return found;
    }
}
