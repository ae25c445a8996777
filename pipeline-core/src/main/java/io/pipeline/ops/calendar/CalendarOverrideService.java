package io.pipeline.ops.calendar;

import io.pipeline.calendar.CalendarOverride;
import io.pipeline.calendar.CalendarRegistry;
import io.pipeline.ops.Actor;
import io.pipeline.ops.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Operators' calendar overrides: set (add or replace) one date, remove one, list them. Each change is checked
 * against the calendar (bounds, hours, break, neighbouring sessions), written with its audit entry and a revision
 * bump in one transaction, announced to every node by a NOTIFY on {@link #CHANNEL}, and applied to this node's
 * calendars at once. Changes of one calendar are serialised by an advisory lock, so two operators changing the same
 * date leave the later one in force and both in the audit log.
 */
public class CalendarOverrideService {
    private static final Logger LOG = LoggerFactory.getLogger(CalendarOverrideService.class);

    /** The PostgreSQL NOTIFY channel that announces override changes (payload: the calendar's code). */
    public static final String CHANNEL = "pipeline_calendar";

    /** Audit events. */
    public static final String EVENT_SET = "calendar_override_set";
    public static final String EVENT_REMOVE = "calendar_override_remove";

    private final CalendarOverrideRepository repo;
    private final TransactionTemplate tx;
    private final CalendarRegistry calendars;
    private final AuditLog audit;
    private final Clock clock;
    private final Runnable onChange;

    /** @param onChange run after this node's calendars changed (wakes the scheduler); may be null */
    public CalendarOverrideService(JdbcClient jdbc, TransactionTemplate tx, CalendarRegistry calendars, Clock clock,
                                   Runnable onChange) {
        this.repo = new CalendarOverrideRepository(jdbc);
        this.tx = tx;
        this.calendars = calendars;
        this.audit = new AuditLog(jdbc, clock);
        this.clock = clock;
        this.onChange = onChange == null ? () -> { } : onChange;
    }

    /**
     * Sets the override of its date (replacing an earlier one of that date).
     *
     * @throws io.pipeline.calendar.UnknownCalendarException for an unknown calendar
     * @throws IllegalArgumentException naming what does not fit the calendar
     */
    public StoredOverride set(String calendar, CalendarOverride override, Actor actor) {
        String code = calendars.get(calendar).code();
        StoredOverride stored = new StoredOverride(code, override, actor.user(), clock.instant());
        tx.executeWithoutResult(s -> {
            repo.lock(code);
            List<StoredOverride> current = repo.of(code);
            calendars.check(code, override, current.stream().map(StoredOverride::override).toList());
            StoredOverride previous = current.stream().filter(o -> o.override().date().equals(override.date()))
                    .findFirst().orElse(null);
            repo.upsert(stored);
            Map<String, Object> scope = describe(code, override);
            if (previous != null) {
                scope.put("replaced", describe(code, previous.override()));
            }
            audit.record(actor, EVENT_SET, null, null, null, null, scope, null);
            repo.bumpRevision();
            repo.announce(CHANNEL, code);
        });
        reload(code);
        return stored;
    }

    /**
     * Removes the override of that date.
     *
     * @param reason why (in the audit log); may be null
     * @throws CalendarOverrideNotFoundException when there is none
     */
    public StoredOverride remove(String calendar, LocalDate date, String reason, Actor actor) {
        String code = calendars.get(calendar).code();
        StoredOverride removed = tx.execute(s -> {
            repo.lock(code);
            StoredOverride found = repo.find(code, date)
                    .orElseThrow(() -> new CalendarOverrideNotFoundException(code, date));
            repo.delete(code, date);
            Map<String, Object> scope = describe(code, found.override());
            if (reason != null && !reason.isBlank()) {
                scope.put("removal_reason", reason);
            }
            audit.record(actor, EVENT_REMOVE, null, null, null, null, scope, null);
            repo.bumpRevision();
            repo.announce(CHANNEL, code);
            return found;
        });
        reload(code);
        return removed;
    }

    /** The overrides of a calendar in date order; {@link io.pipeline.calendar.UnknownCalendarException} if unknown. */
    public List<StoredOverride> list(String calendar) {
        return repo.of(calendars.get(calendar).code());
    }

    /** The revision counter (bumped by every change). */
    public long revision() {
        return repo.revision();
    }

    /** Reads one calendar's overrides and puts them in force on this node; true when the calendar changed. */
    public boolean reload(String calendar) {
        boolean changed = apply(calendar, repo.of(calendar).stream().map(StoredOverride::override).toList());
        if (changed) {
            onChange.run();
        }
        return changed;
    }

    /**
     * Reads every override and puts them in force on this node (calendars whose overrides were all removed go back
     * to their rules). Returns the codes whose calendars changed.
     */
    public Set<String> reloadAll() {
        Map<String, List<CalendarOverride>> byCode = new HashMap<>();
        for (StoredOverride s : repo.all()) {
            byCode.computeIfAbsent(s.calendar(), k -> new ArrayList<>()).add(s.override());
        }
        Set<String> codes = new TreeSet<>(byCode.keySet());
        for (String code : calendars.compiledCodes()) {
            if (!calendars.get(code).overrides().isEmpty()) {
                codes.add(code);
            }
        }
        Set<String> changed = new TreeSet<>();
        for (String code : codes) {
            if (!calendars.codes().contains(code)) {
                LOG.warn("calendar overrides stored for unknown calendar {} are ignored", code);
                continue;
            }
            if (apply(code, byCode.getOrDefault(code, List.of()))) {
                changed.add(code);
            }
        }
        if (!changed.isEmpty()) {
            onChange.run();
        }
        return changed;
    }

    private boolean apply(String code, List<CalendarOverride> overrides) {
        try {
            boolean changed = calendars.applyOverrides(code, overrides);
            if (changed) {
                LOG.info("calendar {} now has {} override(s)", code, overrides.size());
            }
            return changed;
        } catch (IllegalArgumentException e) {
            LOG.warn("the stored overrides of calendar {} do not fit its rules; the calendar is unchanged: {}", code,
                    e.getMessage());
            return false;
        }
    }

    /** The audit log's view of an override. */
    static Map<String, Object> describe(String code, CalendarOverride o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calendar", code.toUpperCase(Locale.ROOT));
        m.put("date", o.date().toString());
        m.put("kind", o.kind().value());
        if (o.open() != null) {
            m.put("open", o.open().toString());
            m.put("close", o.close().toString());
        }
        if (o.breakStart() != null) {
            m.put("break_start", o.breakStart().toString());
            m.put("break_end", o.breakEnd().toString());
        }
        m.put("reason", o.reason());
        return m;
    }
}
