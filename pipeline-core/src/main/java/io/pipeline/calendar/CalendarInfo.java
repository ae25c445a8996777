package io.pipeline.calendar;

import java.time.ZoneId;
import java.util.Objects;

/** What a calendar is, without its sessions: code, exchange name and IANA zone (e.g. for {@code calendar list}). */
public record CalendarInfo(String code, String name, ZoneId zone) {

    public CalendarInfo {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zone, "zone");
    }
}
