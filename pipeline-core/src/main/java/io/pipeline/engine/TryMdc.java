package io.pipeline.engine;

import io.pipeline.store.ClaimedTi;
import org.slf4j.MDC;

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
        String tryNumber = Integer.toString(ti.tryNumber());
        return ti.mapIndex() >= 0
                ? Map.of(DAG_ID, ti.dagId(), RUN_ID, ti.runId(), TASK_ID, ti.taskId(),
                        MAP_INDEX, Integer.toString(ti.mapIndex()), TRY_NUMBER, tryNumber)
                : Map.of(DAG_ID, ti.dagId(), RUN_ID, ti.runId(), TASK_ID, ti.taskId(), TRY_NUMBER, tryNumber);
    }

    /** Puts the ids into this thread's MDC until the scope closes. */
    public static Scope put(Map<String, String> ids) {
        String[] keys = new String[ids.size()];
        String[] previous = new String[keys.length];
        int i = 0;
        for (Map.Entry<String, String> e : ids.entrySet()) {
            keys[i] = e.getKey();
            previous[i] = MDC.get(e.getKey());
            MDC.put(e.getKey(), e.getValue());
            i++;
        }
        return new Scope(keys, previous);
    }

    /** Restores the MDC entries the scope replaced. */
    public static final class Scope implements AutoCloseable {
        private final String[] keys;
        private final String[] previous;

        private Scope(String[] keys, String[] previous) {
            this.keys = keys;
            this.previous = previous;
        }

        @Override
        public void close() {
            for (int i = 0; i < keys.length; i++) {
                if (previous[i] == null) {
                    MDC.remove(keys[i]);
                } else {
                    MDC.put(keys[i], previous[i]);
                }
            }
        }
    }
}
