package io.pipeline.ops.calendar;

import io.pipeline.calendar.CalendarOverride;
import io.pipeline.store.Timestamps;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/** The {@code calendar_override} table and its revision counter. The only writer of both. */
public class CalendarOverrideRepository {

    private static final RowMapper<StoredOverride> MAPPER = (rs, n) -> new StoredOverride(
            rs.getString("calendar_code"),
            new CalendarOverride(rs.getObject("override_date", LocalDate.class),
                    CalendarOverride.Kind.of(rs.getString("kind")), rs.getObject("open_time", LocalTime.class),
                    rs.getObject("close_time", LocalTime.class), rs.getObject("break_start", LocalTime.class), rs.getObject("break_end", LocalTime.class),
                    rs.getString("reason")),
            rs.getString("updated_by"), Timestamps.read(rs, "updated_at"));

    private final JdbcClient jdbc;

    public CalendarOverrideRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every override, by calendar and date. */
    public List<StoredOverride> all() {
        return jdbc.sql("SELECT * FROM calendar_override ORDER BY calendar_code, override_date").query(MAPPER).list();
    }

    public List<StoredOverride> of(String calendar) {
        return jdbc.sql("SELECT * FROM calendar_override WHERE calendar_code = :c ORDER BY override_date")
                .param("c", calendar).query(MAPPER).list();
    }

    public Optional<StoredOverride> find(String calendar, LocalDate date) {
        return jdbc.sql("SELECT * FROM calendar_override WHERE calendar_code = :c AND override_date = :d")
                .param("c", calendar).param("d", date).query(MAPPER).optional();
    }

    /** Serialises changes of one calendar until the transaction ends (its overrides are checked together). */
    void lock(String calendar) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('calendar_override:' || :c))").param("c", calendar)
                .query(Object.class).optional();
    }

    /** Inserts or replaces the override of that date. */
    void upsert(StoredOverride s) {
        CalendarOverride o = s.override();
        jdbc.sql("""
                INSERT INTO calendar_override (calendar_code, override_date, kind, open_time, close_time, break_start,
                                               break_end, reason, updated_by, updated_at)
                VALUES (:c, :d, :kind, :open, :close, :bs, :be, :reason, :by, :at)
                ON CONFLICT (calendar_code, override_date) DO UPDATE SET kind = EXCLUDED.kind,
                    open_time = EXCLUDED.open_time, close_time = EXCLUDED.close_time,
                    break_start = EXCLUDED.break_start, break_end = EXCLUDED.break_end, reason = EXCLUDED.reason,
                    updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
                """)
                .param("c", s.calendar()).param("d", o.date()).param("kind", o.kind().value())
                .param("open", o.open()).param("close", o.close()).param("bs", o.breakStart())
                .param("be", o.breakEnd()).param("reason", o.reason()).param("by", s.updatedBy())
                .param("at", Timestamps.toDb(s.updatedAt())).update();
    }

    boolean delete(String calendar, LocalDate date) {
        return jdbc.sql("DELETE FROM calendar_override WHERE calendar_code = :c AND override_date = :d")
                .param("c", calendar).param("d", date).update() > 0;
    }

    /** Bumps the revision that nodes poll; call in the transaction of the change. */
    void bumpRevision() {
        jdbc.sql("UPDATE calendar_override_revision SET revision = revision + 1 WHERE id = 1").update();
    }

    public long revision() {
        return jdbc.sql("SELECT revision FROM calendar_override_revision WHERE id = 1").query(Long.class).single();
    }

    /** Sends the change notification; PostgreSQL delivers it when the transaction commits. */
    void announce(String channel, String calendar) {
        jdbc.sql("SELECT pg_notify(:channel, :payload)").param("channel", channel).param("payload", calendar)
                .query(Object.class).optional();
    }
}
