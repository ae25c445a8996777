package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.ParamValidator;
import io.pipeline.store.ClaimedTi;

import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A run's params, read from its {@code conf} and checked against the DAG's param specs once per run and node rather
 * than once per try: a wide fan-out's thousands of tries otherwise each parse the same JSON. Only answers made of
 * scalars are kept (strings, numbers, booleans), as an unmodifiable map, so no try can change what another sees;
 * params holding lists or maps are read anew for each try. An entry is used only while the DAG definition and the
 * run's conf text are the ones it was made from. Bounded: when full, it starts again empty.
 */
final class RunParams {
    static final int MAX_RUNS = 1024;

    private record Entry(Dag dag, String confJson, Map<String, Object> params) {
    }

    private final XComCodec codec;
    private final Map<Long, Entry> byRun = new ConcurrentHashMap<>();

    RunParams(XComCodec codec) {
        this.codec = codec;
    }

    Map<String, Object> of(ClaimedTi ti, Dag dag) {
        Entry e = byRun.get(ti.runPk());
        if (e != null && e.dag() == dag && java.util.Objects.equals(e.confJson(), ti.confJson())) {
            return e.params();
        }
        Map<String, Object> params = ParamValidator.validate(dag.params(), codec.readMap(ti.confJson()));
        if (!params.values().stream().allMatch(RunParams::scalar)) {
            return params;
        }
        Map<String, Object> frozen = Collections.unmodifiableMap(params);
        if (byRun.size() >= MAX_RUNS) {
            byRun.clear();
        }
        byRun.put(ti.runPk(), new Entry(dag, ti.confJson(), frozen));
        return frozen;
    }

    private static boolean scalar(Object v) {
        return v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Character;
    }

    int size() {
        return byRun.size();
    }
}
