package io.pipeline.web.engine;

import io.pipeline.engine.TaskResourceContributor;
import io.pipeline.engine.TaskResources;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Resources the DAG modules add for their tasks ({@link TaskResourceContributor}, e.g. the market-data provider and
 * database of pipeline-dags), called at start before the engine runs; a contributor's exception stops the start with
 * its message. What they open is closed with the application.
 */
@Configuration
public class TaskResourceConfiguration {

    /** What the contributors opened, closed in reverse order. */
    public record Contributions(List<AutoCloseable> opened) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            Exception first = null;
            for (AutoCloseable c : opened.reversed()) {
                try {
                    c.close();
                } catch (Exception e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    @Bean(destroyMethod = "close")
    Contributions taskResourceContributions(Environment environment, TaskResources resources) throws Exception {
        List<AutoCloseable> opened = new ArrayList<>();
        for (TaskResourceContributor c : ServiceLoader.load(TaskResourceContributor.class,
                TaskResourceConfiguration.class.getClassLoader())) {
            opened.add(c.contribute(environment::getProperty, resources));
        }
        return new Contributions(List.copyOf(opened));
    }
}
