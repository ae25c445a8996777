package io.pipeline.web.ui;

import io.pipeline.state.TaskState;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.TaskInstanceDetail;
import io.pipeline.engine.TaskInstanceService;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.TaskInstanceRow;
import io.pipeline.store.TaskLogText;
import io.pipeline.store.TaskTryRow;
import io.pipeline.store.XComRow;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.web.security.Role;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The task-instance page: every try, the log of each (the newest streaming while it runs), the output, and why it
 * is not running; plus the JSON its script polls. Task-made text (logs, errors, output) is only ever put into the
 * page as text, never as markup.
 */
@RequiresRole(Role.VIEWER)
@Controller
public class TaskInstanceUiController {

    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** One try as the page lists it. */
    public record TryView(int number, String state, String start, String end, String duration, String node,
                          String error) {
        static TryView of(TaskTryRow t) {
            return new TryView(t.tryNumber(), t.state().value(), Fmt.instant(t.startDate()), Fmt.instant(t.endDate()),
                    t.durationMs() == null ? "" : Fmt.duration(Duration.ofMillis(t.durationMs())),
                    t.nodeId() == null ? "" : t.nodeId(), t.error() == null ? "" : t.error());
        }
    }

    /** What the page's script refreshes. */
    public record TiState(String state, int tryNumber, int maxTries, String summary, List<String> reasons,
                          List<TryView> tries) {
    }

    /** A piece of a try's log from {@code offset} on; {@code finished} once the try has ended. */
    public record LogChunk(int tryNumber, String text, int offset, boolean finished) {
    }

    private final DagRegistry registry;
    private final DagRunService runs;
    /** Instances of a mapped task listed on its page at once. */
    static final int WINDOW = 101;

    private final TaskInstanceService instances;
    private final WhyNotRunningText why;

    public TaskInstanceUiController(DagRegistry registry, DagRunService runs, TaskInstanceService instances,
                                    WhyNotRunningText why) {
        this.registry = registry;
        this.runs = runs;
        this.instances = instances;
        this.why = why;
    }

    @GetMapping("/ui/dags/{dagId}/ti")
    String page(@PathVariable String dagId, @RequestParam String run, @RequestParam String task,
                @RequestParam(defaultValue = "-1") int map, Model model) {
        DagHeader header = DagHeader.of(registry, dagId);
        DagRunRow r = run(dagId, run);
        // A mapped task may have 50,000 instances: the page lists a window of them around the one shown, with the
        // counts by state and links to the neighbouring windows, never all of them.
        List<TaskInstanceRow> window = instances.instancesOf(dagId, run, task, Math.max(-1, map - WINDOW / 2),
                WINDOW);
        if (window.stream().noneMatch(t -> t.mapIndex() == map)) {
            window = instances.instancesOf(dagId, run, task, -1, WINDOW);
        }
        if (window.isEmpty()) {
            throw new UiAdvice.NotFound("run '" + run + "' of DAG '" + dagId + "' has no task '" + task + "'");
        }
        TaskInstanceRow ti = window.stream().filter(t -> t.mapIndex() == map).findFirst().orElse(window.getFirst());
        Map<TaskState, Integer> counts = instances.statesOf(dagId, run, task);
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        List<TaskInstanceRow> all = window;
        model.addAttribute("instanceCounts", total > 1 ? GraphSvg.counts(counts) : null);
        model.addAttribute("previousWindow", total > WINDOW && all.getFirst().mapIndex() > 0
                ? Math.max(0, all.getFirst().mapIndex() - WINDOW / 2 - 1) : null);
        model.addAttribute("nextWindow", total > WINDOW && all.getLast().mapIndex() < total - 1
                ? all.getLast().mapIndex() + 1 + WINDOW / 2 : null);
        TaskInstanceDetail detail = instances.detail(dagId, run, task, ti.mapIndex()).orElseThrow();
        model.addAttribute("h", header);
        model.addAttribute("view", "ti");
        model.addAttribute("run", r);
        model.addAttribute("logicalDate", Fmt.instant(r.logicalDate()));
        model.addAttribute("ti", ti);
        model.addAttribute("instances", all.size() > 1 ? all : List.of());
        model.addAttribute("state", state(r, detail));
        model.addAttribute("task", header.loaded() && header.dag().hasTask(task) ? header.dag().task(task) : null);
        model.addAttribute("xcom", instances.xcom(dagId, run, task, ti.mapIndex(), null).map(this::pretty)
                .orElse(null));
        model.addAttribute("conf", pretty(r.confJson()));
        return "ui/ti";
    }

    @GetMapping("/ui/api/dags/{dagId}/ti")
    @ResponseBody
    TiState poll(@PathVariable String dagId, @RequestParam String run, @RequestParam String task,
                 @RequestParam(defaultValue = "-1") int map) {
        DagRunRow r = run(dagId, run);
        TaskInstanceDetail detail = instances.detail(dagId, run, task, map)
                .orElseThrow(() -> new UiAdvice.NotFound("no task instance " + task + "[" + map + "] in run " + run));
        return state(r, detail);
    }

    @GetMapping("/ui/api/dags/{dagId}/log")
    @ResponseBody
    LogChunk log(@PathVariable String dagId, @RequestParam String run, @RequestParam String task,
                 @RequestParam(defaultValue = "-1") int map, @RequestParam("try") int tryNumber,
                 @RequestParam(defaultValue = "0") int offset) {
        TaskLogText log = instances.log(dagId, run, task, map, tryNumber)
                .orElseThrow(() -> new UiAdvice.NotFound("task " + task + " of run " + run + " has no try " + tryNumber));
        String text = log.text() == null ? "" : log.text();
        int from = Math.max(0, Math.min(offset, text.length()));
        return new LogChunk(tryNumber, text.substring(from), text.length(), log.finished());
    }

    private TiState state(DagRunRow run, TaskInstanceDetail detail) {
        TaskInstanceRow ti = detail.instance();
        WhyNotRunningText.Answer answer = why.explain(run, ti);
        return new TiState(ti.state().value(), ti.tryNumber(), ti.maxTries(), answer.summary(), answer.reasons(),
                detail.tries().stream().map(TryView::of).toList());
    }

    private DagRunRow run(String dagId, String runId) {
        return runs.get(dagId, runId)
                .orElseThrow(() -> new UiAdvice.NotFound("DAG '" + dagId + "' has no run '" + runId + "'"));
    }

    private String pretty(XComRow row) {
        return pretty(row.valueJson());
    }

    private String pretty(String json) {
        if (json == null) {
            return "null";
        }
        try {
            JsonNode node = PRETTY.readTree(json);
            return PRETTY.writeValueAsString(node);
        } catch (RuntimeException e) {
            return json;
        }
    }
}
