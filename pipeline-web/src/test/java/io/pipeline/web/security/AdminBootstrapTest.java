package io.pipeline.web.security;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.testing.TestDatabase;
import io.pipeline.web.config.PipelineProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class AdminBootstrapTest {

    private static HikariDataSource db;
    private UserStore users;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void database() {
        db = TestDatabase.migratedDatabase(AdminBootstrapTest.class);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @BeforeEach
    void noUsers() {
        JdbcClient.create(db).sql("DELETE FROM users").update();
        users = new UserStore(db, new BCryptPasswordEncoder(4),
                Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC));
    }

    private AdminBootstrap bootstrap(String password) {
        PipelineProperties properties = new PipelineProperties(dataDir, new PipelineProperties.Admin("admin", password),
                new PipelineProperties.Ui("http://localhost:8080"), new PipelineProperties.Node(Set.of(), "test-node"),
                new PipelineProperties.EmbeddedPostgres(0));
        return new AdminBootstrap(users, properties);
    }

    @Test
    void without_a_configured_password_a_random_one_is_printed_once_and_stored_owner_only(CapturedOutput output)
            throws IOException {
        bootstrap(null).bootstrap();

        Path file = dataDir.resolve(AdminBootstrap.PASSWORD_FILE);
        String password = Files.readString(file).trim();
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(users.passwordMatches(users.find("admin").orElseThrow(), password)).isTrue();
        assertThat(users.find("admin").orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(occurrences(output.getAll(), password)).isEqualTo(1);

        bootstrap(null).bootstrap();

        assertThat(occurrences(output.getAll(), password)).as("printed only at the first start").isEqualTo(1);
        assertThat(Files.readString(file).trim()).isEqualTo(password);
    }

    @Test
    void each_first_start_generates_a_different_password() throws IOException {
        bootstrap(null).bootstrap();
        String first = Files.readString(dataDir.resolve(AdminBootstrap.PASSWORD_FILE)).trim();
        JdbcClient.create(db).sql("DELETE FROM users").update();

        bootstrap(null).bootstrap();

        String second = Files.readString(dataDir.resolve(AdminBootstrap.PASSWORD_FILE)).trim();
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void a_configured_password_creates_the_admin_with_it_and_writes_no_file(CapturedOutput output) {
        bootstrap("configured-Secret-1").bootstrap();

        assertThat(users.passwordMatches(users.find("admin").orElseThrow(), "configured-Secret-1")).isTrue();
        assertThat(dataDir.resolve(AdminBootstrap.PASSWORD_FILE)).doesNotExist();
        assertThat(output.getAll()).doesNotContain("configured-Secret-1");
    }

    @Test
    void a_changed_configured_password_replaces_the_old_one() {
        bootstrap("configured-Secret-1").bootstrap();

        bootstrap("configured-Secret-2").bootstrap();

        UserRecord admin = users.find("admin").orElseThrow();
        assertThat(users.passwordMatches(admin, "configured-Secret-2")).isTrue();
        assertThat(users.passwordMatches(admin, "configured-Secret-1")).isFalse();
    }

    @Test
    void no_password_is_generated_when_an_admin_already_exists() {
        users.create(NewUser.of("alice", "alice-password", Role.ADMIN));

        bootstrap(null).bootstrap();

        assertThat(users.find("admin")).isEmpty();
        assertThat(dataDir.resolve(AdminBootstrap.PASSWORD_FILE)).doesNotExist();
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
