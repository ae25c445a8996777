package io.pipeline.web.ui;

import io.pipeline.web.security.Role;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.dag.Dag;
import io.pipeline.engine.DagRegistry;
import io.pipeline.ops.Backfill;
import io.pipeline.ops.BackfillProgress;
import io.pipeline.ops.BackfillRequest;
import io.pipeline.ops.BackfillService;
import io.pipeline.ops.PlannedRun;
import io.pipeline.ops.ReprocessBehavior;
import io.pipeline.schedule.SessionTimetable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Backfill from the dashboard: a form, a preview of every logical date (session) it will run or skip, then the
 * backfill's page with a progress bar its script keeps current, and cancel.
 */
@RequiresRole(Role.OP)
@Controller
public class BackfillController {

    /** The progress the page's bar shows. */
    public record ProgressJson(long id, int total, int done, int running, int failed, int remaining, int skipped,
                               boolean finished, boolean paused, String completedAt) {
        static ProgressJson of(Backfill b) {
            BackfillProgress p = b.progress();
            return new ProgressJson(b.row().id(), p.total(), p.done(), p.running(), p.failed(), p.remaining(),
                    p.skipped(), p.finished() || b.row().completedAt() != null, b.row().paused(),
                    Fmt.instant(b.row().completedAt()));
        }
    }

    /** A logical date of a plan or of a backfill, as its tables show it. */
    public record DateRow(String date, String session, String action, String runId, String runState,
                          String skipReason) {
    }

    /** The backfill form's fields. */
    public record BackfillForm(String from, String to, String reprocess, Integer maxActiveRuns, Boolean backwards) {

        /** An unchecked box is not sent at all: absent means false. */
        public BackfillForm {
            backwards = Boolean.TRUE.equals(backwards);
        }

        BackfillRequest request(String dagId, ZoneId zone, Map<String, Object> conf) {
            Instant start = date(from, "from").atStartOfDay(zone).toInstant();
            // inclusive of the last day's run: every logical date before the next day's start
            Instant end = date(to, "to").plusDays(1).atStartOfDay(zone).toInstant().minus(1, ChronoUnit.MICROS);
            return new BackfillRequest(dagId, start, end, backwards, conf,
                    ReprocessBehavior.of(reprocess == null || reprocess.isBlank() ? "none" : reprocess),
                    maxActiveRuns == null ? BackfillRequest.DEFAULT_MAX_ACTIVE_RUNS : maxActiveRuns);
        }

        private static LocalDate date(String text, String what) {
            try {
                return LocalDate.parse(text == null ? "" : text.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("the '" + what + "' date '" + text + "' is not a date (YYYY-MM-DD)");
            }
        }
    }

    private final DagRegistry registry;
    private final BackfillService backfills;

    public BackfillController(DagRegistry registry, UiConfiguration.UiBackfills backfills) {
        this.registry = registry;
        this.backfills = backfills.service();
    }

    @GetMapping("/ui/dags/{dagId}/backfill")
    String form(@PathVariable String dagId, Model model) {
        Dag dag = registry.require(dagId);
        return formPage(dag, new BackfillForm("", "", "none", BackfillRequest.DEFAULT_MAX_ACTIVE_RUNS, false),
                Map.of(), null, model);
    }

    @PostMapping("/ui/dags/{dagId}/backfill/preview")
    String preview(@PathVariable String dagId, BackfillForm form, @RequestParam Map<String, String> params,
                   Model model) {
        Dag dag = registry.require(dagId);
        Map<String, String> entered = ConfForm.entered(params);
        try {
            List<PlannedRun> plan = backfills.plan(form.request(dagId, zone(dag), ConfForm.conf(dag.params(),
                    entered)));
            formPage(dag, form, entered, null, model);
            model.addAttribute("plan", plan.stream().map(p -> new DateRow(Fmt.instant(p.logicalDate()),
                    p.session() == null ? "" : p.session().toString(), p.action().name().toLowerCase(), null, null,
                    null)).toList());
            model.addAttribute("runs", plan.stream().filter(p -> p.action().runs()).count());
            model.addAttribute("params", entered);
            return "ui/backfill";
        } catch (IllegalArgumentException e) {
            return formPage(dag, form, entered, e.getMessage(), model);
        }
    }

    @PostMapping("/ui/dags/{dagId}/backfill/create")
    String create(@PathVariable String dagId, BackfillForm form, @RequestParam Map<String, String> params,
                  Authentication auth, Model model) {
        Dag dag = registry.require(dagId);
        Map<String, String> entered = ConfForm.entered(params);
        try {
            Backfill b = backfills.create(form.request(dagId, zone(dag), ConfForm.conf(dag.params(), entered)),
                    UiUser.of(auth).actor());
            return "redirect:/ui/backfills/" + b.row().id();
        } catch (IllegalArgumentException | io.pipeline.ops.OpsConflictException e) {
            return formPage(dag, form, entered, e.getMessage(), model);
        }
    }

    @RequiresRole(Role.VIEWER)
    @GetMapping("/ui/backfills/{id}")
    String progress(@PathVariable long id, Model model) {
        Backfill b = backfills.get(id);
        model.addAttribute("h", DagHeader.of(registry, b.row().dagId()));
        model.addAttribute("view", "backfill");
        model.addAttribute("backfill", b.row());
        model.addAttribute("progress", ProgressJson.of(b));
        model.addAttribute("dates", dates(id));
        return "ui/backfill-progress";
    }

    @RequiresRole(Role.VIEWER)
    @GetMapping("/ui/api/backfills/{id}")
    @ResponseBody
    ProgressJson progressJson(@PathVariable long id) {
        return ProgressJson.of(backfills.get(id));
    }

    /** The logical dates with their runs' states, for the page's table. */
    @RequiresRole(Role.VIEWER)
    @GetMapping("/ui/api/backfills/{id}/dates")
    @ResponseBody
    List<DateRow> dates(@PathVariable long id) {
        return backfills.dates(id).stream().map(d -> new DateRow(Fmt.instant(d.logicalDate()), null, null,
                d.runId(), d.runState(), d.skipReason())).toList();
    }

    @PostMapping("/ui/backfills/{id}/cancel")
    String cancel(@PathVariable long id, Authentication auth) {
        backfills.cancel(id, UiUser.of(auth).actor());
        return "redirect:/ui/backfills/" + id;
    }

    private String formPage(Dag dag, BackfillForm form, Map<String, String> entered, String error, Model model) {
        model.addAttribute("h", DagHeader.of(registry, dag.dagId()));
        model.addAttribute("view", "backfill");
        model.addAttribute("form", form);
        model.addAttribute("fields", ConfForm.fields(dag.params(), entered));
        model.addAttribute("error", error);
        model.addAttribute("zone", zone(dag).getId());
        return "ui/backfill";
    }

    /** Dates of a session DAG are its exchange's; others are UTC days. */
    private static ZoneId zone(Dag dag) {
        return dag.timetable() instanceof SessionTimetable st ? st.calendar().zone() : ZoneOffset.UTC;
    }
}
