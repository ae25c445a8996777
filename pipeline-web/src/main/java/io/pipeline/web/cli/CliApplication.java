package io.pipeline.web.cli;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.stereotype.Controller;

/**
 * The Spring configuration of CLI commands that need the database: the application's configuration, database,
 * users and engine beans, but none of its HTTP parts (controllers anywhere, the UI, web security) and no CLI
 * classes.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ConfigurationPropertiesScan("io.pipeline.web.config")
@ComponentScan(basePackages = "io.pipeline.web", excludeFilters = {
        @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = Controller.class),
        @ComponentScan.Filter(type = FilterType.REGEX,
                pattern = {"io\\.pipeline\\.web\\.(api|ui|cli)\\..*", "io\\.pipeline\\.web\\.PipelineApplication"})})
class CliApplication {
}
