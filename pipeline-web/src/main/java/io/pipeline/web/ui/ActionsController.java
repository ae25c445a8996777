package io.pipeline.web.ui;

import io.pipeline.web.security.Role;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.dag.Dag;
import io.pipeline.dag.ParamValidationException;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunService;
import io.pipeline.ops.ClearRequest;
import io.pipeline.ops.MarkRequest;
import io.pipeline.ops.RunScope;
import io.pipeline.ops.TaskScope;
import io.pipeline.ops.TiRef;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's actions from the dashboard, through the operations service (which checks, records the audit entry
 * and wakes the scheduler): trigger with a conf form, and clear, mark and delete, each first as a dry run shown on a
 * confirmation page listing every task instance it will change.
 */
@RequiresRole(Role.USER)
@Controller
public class ActionsController {

    private final DagRegistry registry;
    private final DagRunService runs;
    private final UiOps ops;

    public ActionsController(DagRegistry registry, DagRunService runs, UiOps ops) {
        this.registry = registry;
        this.runs = runs;
        this.ops = ops;
    }

    @GetMapping("/ui/dags/{dagId}/trigger")
    String triggerForm(@PathVariable String dagId, Model model) {
        Dag dag = registry.require(dagId);
        return triggerPage(dag, Map.of(), "", "", "", null, model);
    }

    @PostMapping("/ui/dags/{dagId}/trigger")
    String trigger(@PathVariable String dagId, @RequestParam Map<String, String> form, Authentication auth,
                   Model model) {
        Dag dag = registry.require(dagId);
        Map<String, String> entered = ConfForm.entered(form);
        String runId = form.getOrDefault("run_id", "").strip();
        String date = form.getOrDefault("logical_date", "").strip();
        String note = form.getOrDefault("note", "").strip();
        try {
            Map<String, Object> conf = ConfForm.conf(dag.params(), entered);
            DagRunRow run = ops.operations().trigger(dagId, runId.isEmpty() ? null : runId, logicalDate(date), conf,
                    note.isEmpty() ? null : note, UiUser.of(auth).actor());
            return "redirect:" + Links.run(dagId, "graph", run.runId());
        } catch (ParamValidationException e) {
            return triggerPage(dag, entered, runId, date, note, String.join("; ", e.problems()), model);
        } catch (IllegalArgumentException | io.pipeline.engine.DagRunConflictException e) {
            return triggerPage(dag, entered, runId, date, note, e.getMessage(), model);
        }
    }

    private String triggerPage(Dag dag, Map<String, String> entered, String runId, String date, String note,
                               String error, Model model) {
        model.addAttribute("h", DagHeader.of(registry, dag.dagId()));
        model.addAttribute("view", "trigger");
        model.addAttribute("fields", ConfForm.fields(dag.params(), entered));
        model.addAttribute("runId", runId);
        model.addAttribute("logicalDate", date);
        model.addAttribute("note", note);
        model.addAttribute("error", error);
        return "ui/trigger";
    }

    /** A dry run of the clear: the confirmation page lists every TI it will clear. */
    @PostMapping("/ui/dags/{dagId}/clear")
    String clearPreview(@PathVariable String dagId, ScopeForm scope, Authentication auth, Model model) {
        List<TiRef> tis = ops.operations().clear(clearRequest(dagId, scope).asDryRun(), UiUser.of(auth).actor());
        return confirm(dagId, "Clear task instances", "clear", scope, tis, model);
    }

    @PostMapping("/ui/dags/{dagId}/clear/confirm")
    String clear(@PathVariable String dagId, ScopeForm scope, Authentication auth) {
        ops.operations().clear(clearRequest(dagId, scope), UiUser.of(auth).actor());
        return "redirect:" + back(dagId, scope);
    }

    @PostMapping("/ui/dags/{dagId}/mark")
    String markPreview(@PathVariable String dagId, ScopeForm scope, Authentication auth, Model model) {
        List<TiRef> tis = ops.operations().mark(markRequest(dagId, scope).asDryRun(), UiUser.of(auth).actor());
        return confirm(dagId, "Mark task instances " + scope.state(), "mark", scope, tis, model);
    }

    @PostMapping("/ui/dags/{dagId}/mark/confirm")
    String mark(@PathVariable String dagId, ScopeForm scope, Authentication auth) {
        ops.operations().mark(markRequest(dagId, scope), UiUser.of(auth).actor());
        return "redirect:" + back(dagId, scope);
    }

    /** The confirmation page for deleting a run, with the run's task instances. */
    @PostMapping("/ui/dags/{dagId}/delete-run")
    String deletePreview(@PathVariable String dagId, @RequestParam String run, Model model) {
        DagRunRow r = runs.get(dagId, run).orElseThrow(() -> new UiAdvice.NotFound("DAG '" + dagId
                + "' has no run '" + run + "'"));
        model.addAttribute("h", DagHeader.of(registry, dagId));
        model.addAttribute("view", "confirm");
        model.addAttribute("run", r);
        return "ui/delete-run";
    }

    @PostMapping("/ui/dags/{dagId}/delete-run/confirm")
    String delete(@PathVariable String dagId, @RequestParam String run, Authentication auth) {
        ops.operations().deleteRun(dagId, run, UiUser.of(auth).actor());
        return "redirect:" + Links.dag(dagId, "grid");
    }

    private String confirm(String dagId, String title, String action, ScopeForm scope, List<TiRef> tis, Model model) {
        model.addAttribute("h", DagHeader.of(registry, dagId));
        model.addAttribute("view", "confirm");
        model.addAttribute("title", title);
        model.addAttribute("action", action);
        model.addAttribute("tis", tis);
        model.addAttribute("hidden", scope.hiddenFields());
        model.addAttribute("back", back(dagId, scope));
        return "ui/confirm";
    }

    private static ClearRequest clearRequest(String dagId, ScopeForm s) {
        ClearRequest r = new ClearRequest(dagId, s.taskScope(), s.runScope(), s.onlyFailed(), false, true, false);
        return r;
    }

    private static MarkRequest markRequest(String dagId, ScopeForm s) {
        return MarkRequest.of(dagId, s.taskScope(), s.runScope(), TaskState.of(s.state()));
    }

    private String back(String dagId, ScopeForm s) {
        boolean group = s.task() != null && registry.dag(dagId).map(d -> d.taskGroups().isGroup(s.task()))
                .orElse(false);
        return s.task() == null || s.task().isBlank() || group ? Links.run(dagId, "graph", s.run())
                : Links.ti(dagId, s.run(), s.task(), s.map() == null ? -1 : s.map());
    }

    static Instant logicalDate(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$") ? java.time.OffsetDateTime.parse(text)
                    .toInstant() : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("logical date '" + text + "' is not a date-time like"
                    + " 2025-01-02T18:30 (UTC)");
        }
    }

    /**
     * The scope of a clear or mark as the forms send it: one run and one task (with all its mapped instances), plus
     * the relatives and dates to take along.
     */
    public record ScopeForm(String run, String task, Integer map, Boolean downstream, Boolean upstream,
                            Boolean past, Boolean future, Boolean onlyFailed, String state) {

        /** An unchecked box is not sent at all: absent means false. */
        public ScopeForm {
            downstream = Boolean.TRUE.equals(downstream);
            upstream = Boolean.TRUE.equals(upstream);
            past = Boolean.TRUE.equals(past);
            future = Boolean.TRUE.equals(future);
            onlyFailed = Boolean.TRUE.equals(onlyFailed);
        }

        TaskScope taskScope() {
            if (task == null || task.isBlank()) {
                return TaskScope.all();
            }
            return TaskScope.ids(task).withDownstream(downstream).withUpstream(upstream);
        }

        RunScope runScope() {
            if (run == null || run.isBlank()) {
                throw new IllegalArgumentException("no run given");
            }
            return RunScope.run(run).withPast(past).withFuture(future);
        }

        Map<String, String> hiddenFields() {
            Map<String, String> out = new LinkedHashMap<>();
            out.put("run", run);
            if (task != null) {
                out.put("task", task);
            }
            if (map != null) {
                out.put("map", String.valueOf(map));
            }
            out.put("downstream", String.valueOf(downstream));
            out.put("upstream", String.valueOf(upstream));
            out.put("past", String.valueOf(past));
            out.put("future", String.valueOf(future));
            out.put("onlyFailed", String.valueOf(onlyFailed));
            if (state != null) {
                out.put("state", state);
            }
            return out;
        }
    }
}
