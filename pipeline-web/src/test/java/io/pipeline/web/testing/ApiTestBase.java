package io.pipeline.web.testing;

import io.pipeline.testing.TestDatabase;
import io.pipeline.web.security.NewUser;
import io.pipeline.web.security.Role;
import io.pipeline.web.security.TestUsers;
import io.pipeline.web.security.UserStore;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application on a random port against one fresh database of the shared test PostgreSQL (migrated by the
 * application's own Flyway). Every subclass shares this configuration, so Spring's test context cache starts the
 * application once per test JVM. Users of every role exist with the passwords below.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiTestBase {

    public static final String ADMIN_PASSWORD = "admin-password"; // = password(Role.ADMIN), set by the bootstrap
    /** PIPELINE_SECRET_KEY of the application under test (32 bytes of 0x2a), so that secrets can be stored. */
    public static final String SECRET_KEY = "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=";
    private static String url;
    private static Path dataDir;

    @LocalServerPort
    protected int port;

    @Autowired
    protected UserStore users;

    @DynamicPropertySource
    static void application(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", ApiTestBase::databaseUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("pipeline.data-dir", () -> dataDir().toString());
        registry.add("pipeline.admin.password", () -> ADMIN_PASSWORD);
        registry.add("pipeline.secret-key", () -> SECRET_KEY);
        // Every test client comes from 127.0.0.1: a lock of that address would fail the tests that follow.
        registry.add("pipeline.security.login.max-failures-per-address", () -> "1000000");
    }

    private static synchronized String databaseUrl() {
        if (url == null) {
            try (var ds = TestDatabase.emptyDatabase("web_api", 1)) {
                url = ds.getJdbcUrl();
            }
        }
        return url;
    }

    private static synchronized Path dataDir() {
        if (dataDir == null) {
            try {
                dataDir = Files.createTempDirectory("pipeline-web-test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dataDir;
    }

    @BeforeEach
    protected void usersOfEveryRole() {
        for (Role role : Role.values()) {
            String name = role.displayName().toLowerCase();
            TestUsers.createIfAbsent(users, NewUser.of(name, password(role), role));
        }
    }

    protected static String password(Role role) {
        return role.displayName().toLowerCase() + "-password";
    }

    protected ApiClient anonymous() {
        return ApiClient.anonymous(port);
    }

    protected ApiClient as(Role role) {
        return anonymous().as(role.displayName().toLowerCase(), password(role));
    }

    protected static void assertProblem(ApiClient.Response response, int status, String... detailContains) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.path("type").asString()).isNotBlank();
        assertThat(body.path("title").asString()).isNotBlank();
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("detail").asString()).contains(detailContains);
    }
}
