package io.pipeline.web.security;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.testing.TestDatabase;
import io.pipeline.ops.AuditLog;
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
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

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
    private UserAdministration administration;

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
        JdbcClient.create(db).sql("DELETE FROM audit_log").update();
        Clock clock = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);
        users = new UserStore(db, new BCryptPasswordEncoder(4), clock);
        administration = new UserAdministration(users, new AuditLog(JdbcClient.create(db), clock),
                new TransactionTemplate(new JdbcTransactionManager(db)));
    }

    private AdminBootstrap bootstrap(String password) {
        PipelineProperties properties = new PipelineProperties(dataDir, new PipelineProperties.Admin("admin", password),
                new PipelineProperties.Ui("http://localhost:8080"), new PipelineProperties.Node(Set.of(), "test-node"),
                new PipelineProperties.EmbeddedPostgres(0));
        return new AdminBootstrap(administration, properties);
    }

    @Test
    void without_a_configured_password_a_random_one_goes_only_to_the_owner_only_file(CapturedOutput output)
            throws IOException {
        bootstrap(null).bootstrap();

        Path file = dataDir.resolve(AdminBootstrap.PASSWORD_FILE);
        String password = Files.readString(file).trim();
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(users.passwordMatches(users.find("admin").orElseThrow(), password)).isTrue();
        assertThat(users.find("admin").orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(output.getAll()).doesNotContain(password).contains(file.toAbsolutePath().toString())
                .contains("Read it in");

        bootstrap(null).bootstrap();

        assertThat(output.getAll()).doesNotContain(password);
        assertThat(Files.readString(file).trim()).isEqualTo(password);
    }

    @Test
    void the_bootstrap_is_in_the_audit_log_as_system_without_the_password() throws IOException {
        bootstrap(null).bootstrap();
        String generated = Files.readString(dataDir.resolve(AdminBootstrap.PASSWORD_FILE)).trim();
        bootstrap("configured-Secret-3").bootstrap();

        var entries = JdbcClient.create(db).sql("SELECT event, owner, extra FROM audit_log ORDER BY id")
                .query((rs, i) -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3)).list();
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0)).startsWith("user_create|system|").contains("\"user\":\"admin\"");
        assertThat(entries.get(1)).startsWith("user_update|system|").contains("\"changed\":\"password\"");
        assertThat(String.join("\n", entries)).doesNotContain(generated, "configured-Secret-3", "$2a$");
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
}
