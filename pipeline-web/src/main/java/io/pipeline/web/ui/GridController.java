package io.pipeline.web.ui;

import io.pipeline.engine.DagRegistry;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.DashboardQueries;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.web.security.Role;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.util.List;

/** The grid page (a shell; its script draws the grid from the JSON below and polls it while runs are active). */
@RequiresRole(Role.VIEWER)
@Controller
public class GridController {

    static final int MAX_RUNS = 365;

    private final DagRegistry registry;
    private final DashboardQueries queries;

    public GridController(DagRegistry registry, DashboardQueries queries) {
        this.registry = registry;
        this.queries = queries;
    }

    @GetMapping("/ui/dags/{dagId}/grid")
    String page(@PathVariable String dagId, @RequestParam(defaultValue = "25") int runs, Model model) {
        model.addAttribute("h", DagHeader.of(registry, dagId));
        model.addAttribute("runs", clamp(runs));
        model.addAttribute("view", "grid");
        return "ui/grid";
    }

    @GetMapping("/ui/api/dags/{dagId}/grid")
    @ResponseBody
    GridData grid(@PathVariable String dagId, @RequestParam(defaultValue = "25") int runs) {
        return build(dagId, clamp(runs));
    }

    /** The grid of the newest {@code runs} runs: two statements. */
    public GridData build(String dagId, int runs) {
        List<DagRunRow> rows = queries.latestRuns(dagId, runs);
        long[] pks = rows.stream().mapToLong(DagRunRow::id).toArray();
        return GridData.of(dagId, registry.dag(dagId).orElse(null), rows, queries.cells(pks));
    }

    static int clamp(int runs) {
        if (runs < 1 || runs > MAX_RUNS) {
            throw new IllegalArgumentException("runs must be between 1 and " + MAX_RUNS + ", got " + runs);
        }
        return runs;
    }
}
