package io.pipeline.web.engine;

import io.pipeline.engine.TaskLimits;
import io.pipeline.web.config.TaskLimitsProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code pipeline.tasks.max-log-bytes} and {@code max-xcom-bytes}, bound as Spring Boot binds them. */
class TaskLimitsPropertiesTest {

    private static TaskLimitsProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("pipeline.tasks", TaskLimitsProperties.class);
    }

    @Test
    void defaults_are_one_mebibyte_each() {
        assertThat(bind(Map.of()).limits()).isEqualTo(new TaskLimits(1 << 20, 1 << 20));
        assertThat(bind(Map.of()).limits()).isEqualTo(TaskLimits.defaults());
    }

    @Test
    void plain_numbers_are_bytes_and_units_are_binary() {
        TaskLimits limits = bind(Map.of(
                "pipeline.tasks.max-log-bytes", "262144",
                "pipeline.tasks.max-xcom-bytes", "48KB")).limits();

        assertThat(limits.maxLogBytes()).isEqualTo(262_144);
        assertThat(limits.maxXComBytes()).isEqualTo(48 * 1024);
    }

    @Test
    void the_environment_variables_set_them_too() {
        var env = new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.<String, Object>of("PIPELINE_TASKS_MAX_LOG_BYTES", "2MB", "PIPELINE_TASKS_MAX_XCOM_BYTES", "4096"));
        TaskLimits limits = new Binder(ConfigurationPropertySources.from(env))
                .bindOrCreate("pipeline.tasks", TaskLimitsProperties.class).limits();

        assertThat(limits).isEqualTo(new TaskLimits(2 << 20, 4096));
    }

    @Test
    void a_log_limit_too_small_is_refused_naming_the_setting() {
        TaskLimitsProperties p = bind(Map.of("pipeline.tasks.max-log-bytes", "100"));
        assertThatThrownBy(p::limits)
                .hasMessage("pipeline.tasks.max-log-bytes must be at least 1024 bytes, got 100");
    }
}
