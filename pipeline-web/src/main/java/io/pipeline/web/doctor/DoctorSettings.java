package io.pipeline.web.doctor;

import io.pipeline.alert.config.AlertProperties;
import io.pipeline.web.config.PipelineProperties;
import io.pipeline.web.config.RunModes;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The configuration the service would see, read the way Spring Boot reads it (system properties, then environment
 * variables in the relaxed form), without starting it.
 *
 * @param connectionVariables the {@code PIPELINE_CONN_*} variables, by name
 */
public record DoctorSettings(PipelineProperties pipeline, RunModes modes, AlertProperties alerts,
                             String datasourceUrl, String datasourceUsername, String datasourcePassword,
                             boolean productionProfile, Map<String, String> connectionVariables) {

    public static DoctorSettings from(Map<String, String> environment, Properties systemProperties) {
        StandardEnvironment env = new StandardEnvironment();
        MutablePropertySources sources = env.getPropertySources();
        sources.replace(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
                new PropertiesPropertySource(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
                        systemProperties));
        sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new java.util.HashMap<String, Object>(environment)));
        Binder binder = Binder.get(env);
        String profiles = env.getProperty("spring.profiles.active", "");
        boolean production = java.util.Arrays.stream(profiles.split(",")).map(String::strip)
                .anyMatch("production"::equals);
        Map<String, String> connections = new TreeMap<>();
        environment.forEach((k, v) -> {
            if (k.startsWith("PIPELINE_CONN_")) {
                connections.put(k, v);
            }
        });
        return new DoctorSettings(binder.bindOrCreate("pipeline", PipelineProperties.class),
                binder.bindOrCreate("pipeline", RunModes.class),
                binder.bindOrCreate("pipeline.alerts", AlertProperties.class),
                env.getProperty("spring.datasource.url"), env.getProperty("spring.datasource.username"),
                env.getProperty("spring.datasource.password"), production, connections);
    }
}
