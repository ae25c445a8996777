package io.pipeline.web.ops;

import io.pipeline.web.security.Role;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.engine.DagNotFoundException;
import io.pipeline.engine.DagRegistry;
import io.pipeline.ops.Operations;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Airflow's {@code DELETE /dags/{dag_id}/dagRuns/{dag_run_id}}: the run with its TIs, tries, logs and XCom; 204. */
@RequiresRole(Role.USER)
@RestController
public class DagRunDeletionApiController {

    private final Operations ops;
    private final DagRegistry registry;

    public DagRunDeletionApiController(Operations ops, DagRegistry registry) {
        this.ops = ops;
        this.registry = registry;
    }

    @DeleteMapping("/api/v1/dags/{dagId}/dagRuns/{dagRunId}")
    public ResponseEntity<Void> delete(@PathVariable String dagId, @PathVariable String dagRunId) {
        PathIds.dagId(dagId);
        PathIds.runId("dag_run_id", dagRunId);
        if (registry.find(dagId).isEmpty()) {
            throw new DagNotFoundException(dagId);
        }
        ops.deleteRun(dagId, dagRunId, Actors.current());
        return ResponseEntity.noContent().build();
    }
}
