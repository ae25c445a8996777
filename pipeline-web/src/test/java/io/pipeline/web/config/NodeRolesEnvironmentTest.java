package io.pipeline.web.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodeRolesEnvironmentTest {

    private static StandardEnvironment prepared(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new NodeRolesEnvironment().onApplicationEvent(new ApplicationEnvironmentPreparedEvent(
                new DefaultBootstrapContext(), new SpringApplication(), new String[0], env));
        return env;
    }

    @Test
    void a_node_without_the_web_role_starts_no_web_server() {
        assertThat(prepared(Map.of("pipeline.node.roles", "scheduler, worker"))
                .getProperty("spring.main.web-application-type")).isEqualTo("none");
    }

    @Test
    void a_node_with_the_web_role_or_default_roles_keeps_its_web_server() {
        assertThat(prepared(Map.of("pipeline.node.roles", "worker,WEB"))
                .getProperty("spring.main.web-application-type")).isNull();
        assertThat(prepared(Map.of()).getProperty("spring.main.web-application-type")).isNull();
    }

    @Test
    void an_explicit_web_application_type_wins() {
        assertThat(prepared(Map.of("pipeline.node.roles", "worker", "spring.main.web-application-type", "servlet"))
                .getProperty("spring.main.web-application-type")).isEqualTo("servlet");
    }
}
