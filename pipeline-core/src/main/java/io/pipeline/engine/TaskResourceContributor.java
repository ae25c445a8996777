package io.pipeline.engine;

import java.util.function.Function;

/**
 * Adds shared services for tasks at start, from a module the application does not compile against (the DAGs'):
 * found with {@link java.util.ServiceLoader} ({@code META-INF/services/io.pipeline.engine.TaskResourceContributor})
 * and called once before the engine starts. It reads what it needs from the application's configuration and from
 * the resources already registered (connections, the orchestrator's DataSource); an exception stops the start.
 */
public interface TaskResourceContributor {

    /**
     * Registers its resources.
     *
     * @param settings the application's configuration by property name (relaxed: environment variables too); null
     *                 when unset
     * @return what to close when the application stops
     */
    AutoCloseable contribute(Function<String, String> settings, TaskResources resources) throws Exception;
}
