package io.pipeline.web.api;

import io.pipeline.calendar.CalendarOverride;
import io.pipeline.ops.Actor;
import io.pipeline.ops.calendar.CalendarOverrideNotFoundException;
import io.pipeline.ops.calendar.CalendarOverrideService;
import io.pipeline.ops.calendar.StoredOverride;
import io.pipeline.web.calendar.OverrideInput;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.web.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * Operators' calendar overrides (ours, Airflow's conventions): {@code GET /calendars/{code}/overrides} (Viewer),
 * {@code POST /calendars/{code}/overrides} (Op; adds or replaces the override of its date) and
 * {@code DELETE /calendars/{code}/overrides/{date}} (Op). Bad input, including an unknown calendar in a POST, is a
 * 400 naming the reason; every change is in the event log.
 */
@RestController
public class CalendarOverrideController {

    private final CalendarOverrideService overrides;
    private final Validator validator;

    public CalendarOverrideController(CalendarOverrideService overrides, Validator validator) {
        this.overrides = overrides;
        this.validator = validator;
    }

    /** CalendarOverride as the API shows it (times HH:mm, local to the exchange). */
    public record OverrideJson(String calendar, LocalDate date, String kind, String open, String close,
                               String breakStart, String breakEnd, String reason, String updatedBy,
                               Instant updatedAt) {
        static OverrideJson of(StoredOverride s) {
            CalendarOverride o = s.override();
            return new OverrideJson(s.calendar(), o.date(), o.kind().value(), hhmm(o.open()), hhmm(o.close()),
                    hhmm(o.breakStart()), hhmm(o.breakEnd()), o.reason(), s.updatedBy(), s.updatedAt());
        }

        private static String hhmm(LocalTime t) {
            return t == null ? null : t.toString();
        }
    }

    public record OverrideCollection(List<OverrideJson> overrides, int totalEntries) {
    }

    @RequiresRole(Role.VIEWER)
    @GetMapping("/api/v1/calendars/{code}/overrides")
    public OverrideCollection list(@PathVariable String code, @RequestParam(required = false) Integer limit,
                                   @RequestParam(required = false) Integer offset) {
        List<StoredOverride> all = overrides.list(code);
        PageRequest page = PageRequest.of(limit == null ? null : Math.min(limit, PageRequest.MAX_LIMIT), offset, null,
                java.util.Set.of("date"), "date");
        return new OverrideCollection(all.stream().skip(page.offset()).limit(page.limit()).map(OverrideJson::of)
                .toList(), all.size());
    }

    @RequiresRole(Role.OP)
    @PostMapping("/api/v1/calendars/{code}/overrides")
    public ResponseEntity<OverrideJson> set(@PathVariable String code,
                                            @Valid @RequestBody(required = false) CalendarOverrideBody body) {
        CalendarOverrideBody b = JsonRequest.orEmpty(body, CalendarOverrideBody::empty, validator);
        try {
            CalendarOverride o = OverrideInput.parse(b.date(), b.kind(), b.open(), b.close(), b.breakStart(),
                    b.breakEnd(), b.reason());
            return ResponseEntity.ok(OverrideJson.of(overrides.set(code, o, actor())));
        } catch (IllegalArgumentException e) { // an unknown calendar too (UnknownCalendarException)
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** 204; {@code reason} (optional) goes to the event log. */
    @RequiresRole(Role.OP)
    @DeleteMapping("/api/v1/calendars/{code}/overrides/{date}")
    public ResponseEntity<Void> remove(@PathVariable String code, @PathVariable String date,
                                       @RequestParam(required = false) String reason) {
        LocalDate day;
        try {
            day = OverrideInput.date("date", date);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        try {
            overrides.remove(code, day, reason, actor());
        } catch (CalendarOverrideNotFoundException e) {
            throw ApiException.notFound(e.getMessage());
        }
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }

    private static Actor actor() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || auth.getName() == null || auth.getName().isBlank()) {
            throw new IllegalStateException("a calendar change reached the API without an authenticated user");
        }
        return Actor.api(auth.getName());
    }
}
