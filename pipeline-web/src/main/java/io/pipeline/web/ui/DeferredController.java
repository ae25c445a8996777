package io.pipeline.web.ui;

import io.pipeline.store.DashboardQueries;
import io.pipeline.store.DashboardQueries.DeferredPage;
import io.pipeline.store.DashboardQueries.DeferredRow;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.web.security.Role;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The Deferred page: task instances waiting on a trigger, with the trigger, the triggerer holding it and the timeout. */
@RequiresRole(Role.VIEWER)
@Controller
public class DeferredController {
    static final int SHOWN = 500;

    /** A deferred task instance as the page shows it. */
    public record DeferredView(String dagId, String runId, String taskId, int mapIndex, int tryNumber, String trigger,
                               String holder, String since, String waiting, String timesOutAt, String link) {
        static DeferredView of(DeferredRow r, Instant now) {
            return new DeferredView(r.dagId(), r.runId(), r.taskId(), r.mapIndex(), r.tryNumber(),
                    r.trigger().describe(), r.triggererId() == null ? "none yet" : r.triggererId(),
                    Fmt.instant(r.since()), Fmt.duration(Duration.between(r.since(), now)),
                    r.timesOutAt() == null ? "" : Fmt.instant(r.timesOutAt()),
                    Links.ti(r.dagId(), r.runId(), r.taskId(), r.mapIndex()));
        }
    }

    private final DashboardQueries queries;
    private final Clock clock;

    public DeferredController(DashboardQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping("/ui/deferred")
    String deferred(Model model) {
        Instant now = clock.instant();
        DeferredPage page = queries.deferredWaits(SHOWN);
        model.addAttribute("rows", page.rows().stream().map(r -> DeferredView.of(r, now)).toList());
        model.addAttribute("total", page.total());
        model.addAttribute("shown", SHOWN);
        return "ui/deferred";
    }
}
