package io.pipeline.web.api;

import io.pipeline.web.security.Role;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.calendar.CalendarRegistry;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.Session;
import io.pipeline.web.calendar.SessionRange;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code GET /api/v1/calendars}, {@code GET /api/v1/calendars/{code}} and {@code GET /api/v1/calendars/{code}/sessions}
 * (ours, Airflow's conventions).
 */
@RequiresRole(Role.VIEWER)
@RestController
@RequestMapping("/api/v1/calendars")
public class CalendarController {

    private static final Map<String, Comparator<ExchangeCalendar>> ORDER = Map.of(
            "code", Comparator.comparing(ExchangeCalendar::code),
            "name", Comparator.comparing(ExchangeCalendar::name),
            "zone", Comparator.comparing((ExchangeCalendar c) -> c.zone().getId()),
            "first_session", Comparator.comparing(ExchangeCalendar::firstSession),
            "last_session", Comparator.comparing(ExchangeCalendar::lastSession));

    private final CalendarRegistry calendars;

    public CalendarController(CalendarRegistry calendars) {
        this.calendars = calendars;
    }

    /**
     * @param computedFrom the first date whose days are computed by the calendar's stated rules rather than taken
     *                     from published lists (lunar festivals, equinox days not yet announced); null when every
     *                     day follows standing rules
     */
    public record CalendarInfo(String code, String name, String zone, LocalDate firstSession, LocalDate lastSession,
                               LocalDate computedFrom) {
        static CalendarInfo of(ExchangeCalendar c) {
            return new CalendarInfo(c.code(), c.name(), c.zone().getId(), c.firstSession(), c.lastSession(),
                    c.computedFrom());
        }
    }

    public record CalendarCollection(List<CalendarInfo> calendars, int totalEntries) {
    }

    public record SessionInfo(LocalDate date, Instant open, Instant close, Instant breakStart, Instant breakEnd) {
        static SessionInfo of(Session s) {
            return new SessionInfo(s.date(), s.open(), s.close(), s.breakStart(), s.breakEnd());
        }
    }

    public record SessionCollection(String calendar, String zone, List<SessionInfo> sessions, int totalEntries) {
    }

    @GetMapping
    public CalendarCollection list(@RequestParam(required = false) Integer limit,
                                   @RequestParam(required = false) Integer offset,
                                   @RequestParam(name = "order_by", required = false) String orderBy) {
        PageRequest page = PageRequest.of(limit, offset, orderBy, ORDER.keySet(), "code");
        Comparator<ExchangeCalendar> order = ORDER.get(page.orderBy());
        List<ExchangeCalendar> all = calendars.all().stream()
                .sorted(page.descending() ? order.reversed() : order).toList();
        return new CalendarCollection(slice(all, page, CalendarInfo::of), all.size());
    }

    /** One calendar: code, name, zone, bounds and {@code computed_from}. Unknown code: 404 listing the valid codes. */
    @GetMapping("/{code}")
    public CalendarInfo get(@PathVariable String code) {
        return CalendarInfo.of(calendars.get(code));
    }

    /**
     * Sessions with start &lt;= date &lt;= end. Unknown code: 404 listing the valid codes; malformed or reversed
     * dates: 400 naming the parameter; outside the calendar's range: 400 naming its bounds. {@code limit} and
     * {@code offset} page through the range when given; by default every session in it is returned.
     */
    @GetMapping("/{code}/sessions")
    public SessionCollection sessions(@PathVariable String code,
                                      @RequestParam String start,
                                      @RequestParam String end,
                                      @RequestParam(required = false) Integer limit,
                                      @RequestParam(required = false) Integer offset) {
        ExchangeCalendar calendar = calendars.get(code);
        LocalDate from = date("start", start);
        LocalDate to = date("end", end);
        try {
            SessionRange.check(calendar, from, to, "start", "end");
        } catch (SessionRange.InvalidSessionRangeException e) {
            throw ApiException.badRequest("Parameters: " + e.getMessage());
        }
        List<Session> sessions = calendar.sessions(from, to);
        PageRequest page = new PageRequest(limit == null ? Math.max(1, Math.min(sessions.size(), PageRequest.MAX_LIMIT))
                : limit, offset == null ? 0 : offset, "date", false);
        return new SessionCollection(calendar.code(), calendar.zone().getId(),
                slice(sessions, page, SessionInfo::of), sessions.size());
    }

    private static LocalDate date(String parameter, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Parameter '" + parameter + "': '" + value
                    + "' is not a date in the form YYYY-MM-DD");
        }
    }

    private static <T, R> List<R> slice(List<T> all, PageRequest page, Function<T, R> map) {
        return all.stream().skip(page.offset()).limit(page.limit()).map(map).toList();
    }
}
