package io.pipeline.web.cli;

import io.pipeline.cli.CommandFailedException;
import io.pipeline.web.db.DatabaseUnavailableException;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Map;

/**
 * The application without a web server or engine, for commands that need the database ({@code db}, {@code users},
 * {@code dags}): the same configuration as the service (SPRING_DATASOURCE_URL, or the embedded PostgreSQL of
 * PIPELINE_DATA_DIR — attached to when the service is running), Flyway migrations included. Quiet: only errors
 * are logged, so that the command's own output stays clean.
 */
final class CliContext implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private CliContext(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static CliContext start() {
        SpringApplication app = new SpringApplication(CliApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setBannerMode(Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.setRegisterShutdownHook(false);
        app.setDefaultProperties(Map.of(
                "logging.level.root", "ERROR",
                // start-up failures are reported once, by this class, as "error: ..." on stderr
                "logging.level.org.springframework.boot.diagnostics", "OFF",
                "logging.level.org.springframework.boot.SpringApplication", "OFF"));
        try {
            // As arguments, so that they win over PIPELINE_NODE_ROLES etc. in the environment: a command never
            // runs the engine, sends alerts or follows calendar overrides. The readiness group names the service's
            // scheduler health component, which a command's context does not have.
            return new CliContext(app.run("--pipeline.node.roles=", "--pipeline.alerts.enabled=false",
                    "--management.endpoint.health.validate-group-membership=false",
                    "--pipeline.calendar.override-sync=false"));
        } catch (RuntimeException e) {
            throw new CommandFailedException(describe(e));
        }
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }

    private static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DatabaseUnavailableException d) {
                return d.getMessage();
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "the application could not start: " + root.getMessage();
    }
}
