package io.pipeline.engine;

import io.pipeline.task.TaskSettings;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shared services the application hands to tasks ({@code ctx.resource(type)}): object store, connections, ...
 * {@link TaskSettings} is always there (empty unless the application registers its own).
 */
public final class TaskResources {
    private final Map<Class<?>, Object> byType = new ConcurrentHashMap<>();

    private TaskResources() {
        byType.put(TaskSettings.class, TaskSettings.empty());
    }

    public static TaskResources none() {
        return new TaskResources();
    }

    public <T> TaskResources register(Class<T> type, T instance) {
        byType.put(type, type.cast(instance));
        return this;
    }

    /** @throws IllegalStateException naming the type when none is registered */
    public <T> T get(Class<T> type) {
        Object o = byType.get(type);
        if (o == null) {
            for (Object candidate : byType.values()) {
                if (type.isInstance(candidate)) {
                    return type.cast(candidate);
                }
            }
            throw new IllegalStateException("no resource of type " + type.getName() + " is registered for tasks");
        }
        return type.cast(o);
    }
}
