package io.pipeline.web.config;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A node whose {@code pipeline.node.roles} leave out {@code web} serves no HTTP: it starts without a web server
 * (unless {@code spring.main.web-application-type} says otherwise). Registered in spring.factories.
 */
public class NodeRolesEnvironment implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment env = event.getEnvironment();
        String roles = env.getProperty("pipeline.node.roles");
        if (roles == null || env.containsProperty("spring.main.web-application-type")) {
            return;
        }
        boolean web = Arrays.stream(roles.split(","))
                .anyMatch(r -> r.trim().toLowerCase(Locale.ROOT).equals("web"));
        if (!web) {
            env.getPropertySources().addFirst(new MapPropertySource("nodeRoles",
                    Map.of("spring.main.web-application-type", "none")));
        }
    }
}
