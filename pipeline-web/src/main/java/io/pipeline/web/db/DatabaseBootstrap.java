package io.pipeline.web.db;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Path;
import java.util.Map;

/**
 * Makes a database available before any bean needs one. With {@code spring.datasource.url} set it checks that the
 * server answers ({@link DatabasePreflight}); without it it starts (or attaches to) the embedded PostgreSQL in
 * {@code <pipeline.data-dir>/postgres} and points {@code spring.datasource.*} at it. The server is registered as a
 * bean that is destroyed after everything that depends on the DataSource. {@code pipeline.embedded-postgres.settings.*}
 * passes PostgreSQL settings to the embedded server (e.g. {@code ...settings.shared_buffers=512MB}). Registered in spring.factories so that
 * every SpringApplication of this jar (service, CLI, tests) behaves the same.
 */
public class DatabaseBootstrap implements SmartApplicationListener {

    public static final String SERVER_BEAN = "embeddedPostgresServer";

    private EmbeddedPostgresServer server;

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType)
                || ApplicationPreparedEvent.class.isAssignableFrom(eventType)
                || ApplicationFailedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        switch (event) {
            case ApplicationEnvironmentPreparedEvent e -> prepare(e.getEnvironment());
            case ApplicationPreparedEvent e -> register((DefaultListableBeanFactory) e.getApplicationContext().getBeanFactory());
            case ApplicationFailedEvent e -> stop();
            default -> { }
        }
    }

    private void prepare(ConfigurableEnvironment env) {
        String url = env.getProperty("spring.datasource.url");
        if (url != null && !url.isBlank()) {
            DatabasePreflight.check(url, env.getProperty("spring.datasource.username"),
                    env.getProperty("spring.datasource.password"));
            return;
        }
        Path dataDir = Path.of(env.getProperty("pipeline.data-dir", "./data"));
        int port = env.getProperty("pipeline.embedded-postgres.port", Integer.class, 0);
        try {
            Map<String, String> settings = Binder.get(env).bind("pipeline.embedded-postgres.settings",
                    Bindable.mapOf(String.class, String.class)).orElse(Map.of());
            server = EmbeddedPostgresServer.startOrAttach(dataDir, port, settings);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException(e.getMessage(), "Check that " + dataDir.toAbsolutePath()
                    + " is writable and not used by another PostgreSQL, or set SPRING_DATASOURCE_URL.");
        }
        env.getPropertySources().addLast(new MapPropertySource("embeddedPostgres", Map.of(
                "spring.datasource.url", server.jdbcUrl(),
                "spring.datasource.username", EmbeddedPostgresServer.USER,
                "spring.datasource.password", "")));
    }

    private void register(DefaultListableBeanFactory beans) {
        if (server != null && !beans.containsSingleton(SERVER_BEAN)) {
            beans.registerSingleton(SERVER_BEAN, server);
            beans.registerDisposableBean(SERVER_BEAN, server::close);
        }
    }

    private void stop() {
        if (server != null) {
            server.close();
        }
    }
}
