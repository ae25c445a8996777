package io.pipeline.engine;

import io.pipeline.store.ClaimedTi;
import org.slf4j.MDC;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of a try in SLF4J's MDC ({@code dag_id}, {@code run_id}, {@code task_id}, {@code map_index} for a mapped
 * instance, {@code try_number}), so that structured logs (ECS, Logstash) carry them on every line written while the
 * try runs. A scope puts back what the thread had before.
 */
public final class TryMdc {

    public static final String DAG_ID = "dag_id";
    public static final String RUN_ID = "run_id";
    public static final String TASK_ID = "task_id";
    public static final String MAP_INDEX = "map_index";
    public static final String TRY_NUMBER = "try_number";

    private TryMdc() {
    }

    public static Map<String, String> of(ClaimedTi ti) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put(DAG_ID, ti.dagId());
        ids.put(RUN_ID, ti.runId());
        ids.put(TASK_ID, ti.taskId());
        if (ti.mapIndex() >= 0) {
            ids.put(MAP_INDEX, Integer.toString(ti.mapIndex()));
        }
        ids.put(TRY_NUMBER, Integer.toString(ti.tryNumber()));
        return Map.copyOf(ids);
    }

    /** Puts the ids into this thread's MDC until the scope closes. */
    public static Scope put(Map<String, String> ids) {
        Map<String, String> previous = new HashMap<>();
        ids.forEach((k, v) -> {
            previous.put(k, MDC.get(k));
            MDC.put(k, v);
        });
        return new Scope(previous);
    }

    /** Restores the MDC entries the scope replaced. */
    public static final class Scope implements AutoCloseable {
        private final Map<String, String> previous;

        private Scope(Map<String, String> previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            previous.forEach((k, v) -> {
                if (v == null) {
                    MDC.remove(k);
                } else {
                    MDC.put(k, v);
                }
            });
        }
    }
}
