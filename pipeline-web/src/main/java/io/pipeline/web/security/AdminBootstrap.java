package io.pipeline.web.security;

import io.pipeline.ops.Actor;
import io.pipeline.web.config.PipelineProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The first admin (DESIGN.md, configuration contract). With {@code PIPELINE_ADMIN_PASSWORD} set, the user
 * {@code PIPELINE_ADMIN_USERNAME} (default {@code admin}) is created with it, or its password updated to it. Unset,
 * and no active Admin exists yet, a random password is generated and stored in {@code <data-dir>/admin-password}
 * readable only by its owner; the log names that file and never shows the password. There is never a fixed default
 * password. The bootstrap's changes are in the audit log with the owner {@code system}.
 */
@Component
@ConditionalOnWebApplication
public class AdminBootstrap implements ApplicationRunner {

    public static final String PASSWORD_FILE = "admin-password";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** Who the audit log names for the bootstrap's changes. */
    static final Actor SYSTEM = new Actor("system", "bootstrap");

    private final UserAdministration users;
    private final PipelineProperties properties;
    private final SecureRandom random = new SecureRandom();

    public AdminBootstrap(UserAdministration users, PipelineProperties properties) {
        this.users = users;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        bootstrap();
    }

    void bootstrap() {
        String username = properties.admin().username();
        String configured = properties.admin().password();
        if (configured != null && !configured.isEmpty()) {
            useConfiguredPassword(username, configured);
        } else if (!users.anyActiveAdmin()) {
            generatePassword(username);
        }
    }

    private void useConfiguredPassword(String username, String password) {
        var existing = users.find(username);
        if (existing.isEmpty()) {
            if (users.createIfAbsent(NewUser.of(username, password, Role.ADMIN), SYSTEM)) {
                log.info("Created the admin user '{}' with the password from PIPELINE_ADMIN_PASSWORD", username);
            }
        } else if (!users.passwordMatches(existing.get(), password)) {
            users.setPassword(username, password, SYSTEM);
            log.info("Set the password of user '{}' from PIPELINE_ADMIN_PASSWORD", username);
        }
    }

    private void generatePassword(String username) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        if (!users.createIfAbsent(NewUser.of(username, password, Role.ADMIN), SYSTEM)) {
            return; // another node created it first, or the name is taken by a non-admin user
        }
        Path file = writeOwnerOnly(properties.dataDir().resolve(PASSWORD_FILE), password);
        log.warn("""

                ==========================================================================
                Created the admin user '{}' with a generated password.
                Read it in {} (readable only by its owner), e.g.
                    cat {}
                Set PIPELINE_ADMIN_PASSWORD to choose the password yourself.
                ==========================================================================""",
                username, file, file);
    }

    private static Path writeOwnerOnly(Path file, String secret) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, secret + System.lineSeparator());
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the generated admin password to " + file, e);
        }
    }
}
