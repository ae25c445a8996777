package io.pipeline.web.ui;

import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.engine.DagRegistry;
import io.pipeline.ops.calendar.CalendarOverrideNotFoundException;
import io.pipeline.ops.calendar.CalendarOverrideService;
import io.pipeline.schedule.SessionTimetable;
import io.pipeline.web.calendar.OverrideInput;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.web.security.Role;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.LocalDate;

/**
 * The override form of a DAG's calendar page (Op): add or replace the override of a date of the DAG's exchange
 * calendar, or remove one. Back to the calendar page of the override's year, with the outcome or the reason it was
 * refused.
 */
@RequiresRole(Role.OP)
@Controller
public class CalendarOverrideUiController {

    private final DagRegistry registry;
    private final CalendarOverrideService overrides;

    public CalendarOverrideUiController(DagRegistry registry, CalendarOverrideService overrides) {
        this.registry = registry;
        this.overrides = overrides;
    }

    @PostMapping("/ui/dags/{dagId}/calendar/overrides")
    String add(@PathVariable String dagId, @RequestParam(required = false) String date,
               @RequestParam(required = false) String kind, @RequestParam(required = false) String open,
               @RequestParam(required = false) String close,
               @RequestParam(name = "break_start", required = false) String breakStart,
               @RequestParam(name = "break_end", required = false) String breakEnd,
               @RequestParam(required = false) String reason, Authentication auth, RedirectAttributes flash) {
        ExchangeCalendar cal = calendar(dagId);
        try {
            var o = OverrideInput.parse(date, kind, open, close, breakStart, breakEnd, reason);
            overrides.set(cal.code(), o, UiUser.of(auth).actor());
            flash.addFlashAttribute("overrideMessage", "Override of " + cal.code() + " on " + o.date() + " saved.");
            return back(dagId, o.date());
        } catch (IllegalArgumentException e) {
            flash.addFlashAttribute("overrideError", e.getMessage());
            return "redirect:" + Links.dag(dagId, "calendar");
        }
    }

    @PostMapping("/ui/dags/{dagId}/calendar/overrides/{date}/remove")
    String remove(@PathVariable String dagId, @PathVariable String date,
                  @RequestParam(required = false) String reason, Authentication auth, RedirectAttributes flash) {
        ExchangeCalendar cal = calendar(dagId);
        try {
            LocalDate day = OverrideInput.date("date", date);
            overrides.remove(cal.code(), day, reason, UiUser.of(auth).actor());
            flash.addFlashAttribute("overrideMessage", "Override of " + cal.code() + " on " + day + " removed.");
            return back(dagId, day);
        } catch (IllegalArgumentException | CalendarOverrideNotFoundException e) {
            flash.addFlashAttribute("overrideError", e.getMessage());
            return "redirect:" + Links.dag(dagId, "calendar");
        }
    }

    private ExchangeCalendar calendar(String dagId) {
        var dag = registry.require(dagId);
        if (dag.timetable() instanceof SessionTimetable st) {
            return st.calendar();
        }
        throw new UiAdvice.NotFound("DAG '" + dagId + "' is not scheduled on an exchange calendar");
    }

    private static String back(String dagId, LocalDate day) {
        return "redirect:" + Links.dag(dagId, "calendar") + "?year=" + day.getYear();
    }
}
