package io.pipeline.web.api;

import io.pipeline.engine.DagRegistry;
import io.pipeline.state.DagRunState;
import io.pipeline.store.DagStatsQuery;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.web.security.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Airflow's {@code GET /dagStats?dag_ids=a,b}: per DAG, the number of runs in each state (every state listed, 0
 * included). {@code dag_ids} is required as in Airflow; unknown DAG ids are left out.
 */
@RequiresRole(Role.VIEWER)
@RestController
public class DagStatsController {

    private final DagRegistry registry;
    private final DagStatsQuery stats;

    public DagStatsController(DagRegistry registry, DagStatsQuery stats) {
        this.registry = registry;
        this.stats = stats;
    }

    public record StateCount(String state, long count) {
    }

    public record DagStats(String dagId, List<StateCount> stats) {
    }

    public record Collection(List<DagStats> dags, long totalEntries) {
    }

    @GetMapping("/api/v1/dagStats")
    public Collection dagStats(@RequestParam(name = "dag_ids") String dagIds) {
        List<String> ids = Arrays.stream(dagIds.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct()
                .filter(id -> registry.find(id).isPresent()).toList();
        Map<String, Map<String, Long>> counts = stats.runCounts(ids);
        List<DagStats> dags = ids.stream().map(id -> new DagStats(id, Arrays.stream(DagRunState.values())
                .map(s -> new StateCount(s.value(), counts.getOrDefault(id, Map.of()).getOrDefault(s.value(), 0L)))
                .toList())).toList();
        return new Collection(dags, dags.size());
    }
}
