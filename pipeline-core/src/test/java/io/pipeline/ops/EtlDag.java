package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;

/**
 * The DAG of the clear and mark tables: {@code extract >> transform >> [load, report]} and an unrelated
 * {@code audit}; transform has two retries. Three runs on consecutive days in these states:
 * <pre>
 *              extract   transform        load / report     audit     run
 * D1 01-05     success   success          success           success   success
 * D2 01-06     success   failed (3 tries) upstream_failed   running   running
 * D3 01-07     success   failed (1 try)   upstream_failed   success   failed
 * </pre>
 */
final class EtlDag {
    static final String ID = "etl";
    static final String D1 = "run_2026-01-05";
    static final String D2 = "run_2026-01-06";
    static final String D3 = "run_2026-01-07";

    private EtlDag() {
    }

    static Dag dag() {
        return DagBuilder.dag(ID)
                .tasks(g -> {
                    var extract = g.task("extract", ctx -> null);
                    var transform = g.task("transform", ctx -> null).retries(2);
                    extract.then(transform);
                    transform.then(g.task("load", ctx -> null));
                    transform.then(g.task("report", ctx -> null));
                    g.task("audit", ctx -> null);
                })
                .build();
    }

    static void setUpRuns(OpsTestKit kit) {
        kit.deleteAllRuns();
        kit.run(ID, "2026-01-05");
        kit.run(ID, "2026-01-06");
        kit.run(ID, "2026-01-07");
        for (String task : new String[] {"extract", "transform", "load", "report", "audit"}) {
            kit.setTi(ID, D1, task, TaskState.SUCCESS, 1);
        }
        kit.setRunState(ID, D1, DagRunState.SUCCESS);
        kit.setTi(ID, D2, "extract", TaskState.SUCCESS, 1);
        kit.setTi(ID, D2, "transform", TaskState.FAILED, 3);
        kit.setTi(ID, D2, "load", TaskState.UPSTREAM_FAILED, 0);
        kit.setTi(ID, D2, "report", TaskState.UPSTREAM_FAILED, 0);
        kit.setTi(ID, D2, "audit", TaskState.RUNNING, 1);
        kit.setRunState(ID, D2, DagRunState.RUNNING);
        kit.setTi(ID, D3, "extract", TaskState.SUCCESS, 1);
        kit.setTi(ID, D3, "transform", TaskState.FAILED, 1);
        kit.setTi(ID, D3, "load", TaskState.UPSTREAM_FAILED, 0);
        kit.setTi(ID, D3, "report", TaskState.UPSTREAM_FAILED, 0);
        kit.setTi(ID, D3, "audit", TaskState.SUCCESS, 1);
        kit.setRunState(ID, D3, DagRunState.FAILED);
        kit.taskChanges.clear();
        kit.runChanges.clear();
    }

    /** "D2.transform" style label of a TI reference. */
    static String label(TiRef ref) {
        String day = switch (ref.runId()) {
            case D1 -> "D1";
            case D2 -> "D2";
            case D3 -> "D3";
            default -> ref.runId();
        };
        return day + "." + ref.taskId();
    }
}
