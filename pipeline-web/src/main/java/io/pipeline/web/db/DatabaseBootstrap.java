package io.pipeline.web.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
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

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.Map;

/**
 * Makes a database available before any bean needs one. With {@code spring.datasource.url} set it checks that the
 * server answers ({@link DatabasePreflight}); without it it starts (or attaches to) the embedded PostgreSQL in
 * {@code <pipeline.data-dir>/postgres} and points {@code spring.datasource.*} at it. The embedded server starts on a
 * thread of its own (initdb on a new data directory, {@code pg_ctl start}) while the context prepares its beans; a
 * {@code DataSource} bean is handed out only once the server accepts connections. The server is registered as a
 * bean that is destroyed after everything that depends on the DataSource. {@code pipeline.embedded-postgres.settings.*}
 * passes PostgreSQL settings to the embedded server (e.g. {@code ...settings.shared_buffers=512MB}). Registered in spring.factories so that
 * every SpringApplication of this jar (service, CLI, tests) behaves the same.
 */
public class DatabaseBootstrap implements SmartApplicationListener {

    private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);

    public static final String SERVER_BEAN = "embeddedPostgresServer";

    private EmbeddedPostgresServer.Pending server;
    private Path dataDir;

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
        dataDir = Path.of(env.getProperty("pipeline.data-dir", "./data"));
        int port = env.getProperty("pipeline.embedded-postgres.port", Integer.class, 0);
        try {
            Map<String, String> settings = Binder.get(env).bind("pipeline.embedded-postgres.settings",
                    Bindable.mapOf(String.class, String.class)).orElse(Map.of());
            server = EmbeddedPostgresServer.begin(dataDir, port, settings);
        } catch (RuntimeException e) {
            throw unavailable(dataDir, e);
        }
        env.getPropertySources().addLast(new MapPropertySource("embeddedPostgres", Map.of(
                "spring.datasource.url", server.jdbcUrl(),
                "spring.datasource.username", EmbeddedPostgresServer.USER,
                "spring.datasource.password", "")));
    }

    private static DatabaseUnavailableException unavailable(Path dataDir, RuntimeException e) {
        return new DatabaseUnavailableException(e.getMessage(), "Check that " + dataDir.toAbsolutePath()
                + " is writable and not used by another PostgreSQL, or set SPRING_DATASOURCE_URL.");
    }

    private void register(DefaultListableBeanFactory beans) {
        if (server != null && !beans.containsSingleton(SERVER_BEAN)) {
            beans.registerSingleton(SERVER_BEAN, server);
            beans.registerDisposableBean(SERVER_BEAN, server::close);
            beans.addBeanPostProcessor(new AwaitEmbeddedServer(server, dataDir));
        }
    }

    /** Holds back every {@code DataSource} bean until the embedded server accepts connections. */
    private record AwaitEmbeddedServer(EmbeddedPostgresServer.Pending server, Path dataDir)
            implements BeanPostProcessor {
        @Override
        public Object postProcessBeforeInitialization(Object bean, String beanName) {
            if (bean instanceof DataSource) {
                long began = System.nanoTime();
                try {
                    server.await();
                } catch (RuntimeException e) {
                    throw unavailable(dataDir, e);
                }
                log.info("waited {} ms for the embedded PostgreSQL", (System.nanoTime() - began) / 1_000_000);
            }
            return bean;
        }
    }

    private void stop() {
        if (server != null) {
            server.close();
        }
    }
}
