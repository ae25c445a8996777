package io.pipeline.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The freshness deadline of a dataset partitioned by calendar days: partition D is due at {@code time} in
 * {@code zone} on D, or {@code daysAfter} days after D (a vendor's file of day D that lands the next morning):
 * <pre>{@code
 * Dataset.of("s3://vendor/eod").partitionedBy(Partitioning.calendarDays("America/New_York"))
 *         .freshBy(LocalTime.of(18, 0), ZoneId.of("America/New_York"))          // D by D's 18:00 New York
 * ...freshBy(DayTime.at(LocalTime.of(6, 0), ZoneId.of("Europe/London")).daysAfter(1)) // D by D+1 06:00 London
 * }</pre>
 * The zone may differ from the partitioning's; a local time that a DST change skips falls at the instant after the
 * gap (java.time's rule).
 */
public record DayTime(LocalTime time, ZoneId zone, int daysAfter) implements FreshnessDeadline {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    public DayTime {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(zone, "zone");
        if (daysAfter < 0 || daysAfter > 7) {
            throw new InvalidDatasetException("a freshness deadline of " + daysAfter + " days after the partition's"
                    + " day is out of range; use 0 to 7");
        }
    }

    /** At {@code time} in {@code zone} on the partition's day. */
    public static DayTime at(LocalTime time, ZoneId zone) {
        return new DayTime(time, zone, 0);
    }

    /** The same local time, {@code days} days after the partition's day. */
    public DayTime daysAfter(int days) {
        return new DayTime(time, zone, days);
    }

    @Override
    public String problemWith(Partitioning partitioning) {
        return partitioning instanceof Partitioning.Days ? null
                : "a freshness deadline at a time of day needs a dataset partitioned by calendar days, not "
                + (partitioning == null ? "an unpartitioned one" : partitioning.name());
    }

    @Override
    public Instant in(Partitioning partitioning, LocalDate key) {
        return key.plusDays(daysAfter).atTime(time).atZone(zone).toInstant();
    }

    @Override
    public String describe(Partitioning partitioning) {
        String day = switch (daysAfter) {
            case 0 -> "on the day";
            case 1 -> "the day after";
            default -> daysAfter + " days after the day";
        };
        return HH_MM.format(time) + " " + zone.getId() + " " + day;
    }

    @Override
    public ZoneId zone(Partitioning partitioning) {
        return zone;
    }

    @Override
    public Duration reach() {
        return Duration.ofDays(daysAfter + 1L);
    }
}
