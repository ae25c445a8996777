package io.pipeline.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks next/previous against a brute-force reading of the documented rules, minute by minute, over windows that
 * contain DST changes in several zones, for many generated expressions.
 */
class CronExpressionOracleTest {

    private static final List<ZoneId> ZONES = List.of(ZoneId.of("America/New_York"), ZoneId.of("Europe/London"),
            ZoneId.of("Australia/Sydney"), ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Lord_Howe"));
    private static final List<String> WINDOW_STARTS = List.of("2024-03-09T00:00", "2024-03-30T00:00",
            "2024-10-05T00:00", "2024-10-26T00:00", "2024-04-06T00:00", "2024-11-02T00:00");

    /** Every tick in [from, from + 3 days) per the rules in CronExpression's javadoc. */
    private static TreeSet<Instant> oracle(CronExpression cron, ZoneId zone, LocalDateTime from) {
        TreeSet<Instant> ticks = new TreeSet<>();
        if (cron.coversEveryHour()) {
            Instant start = from.atZone(zone).toInstant().minus(1, ChronoUnit.DAYS);
            for (Instant t = start; t.isBefore(start.plus(5, ChronoUnit.DAYS)); t = t.plus(1, ChronoUnit.MINUTES)) {
                ZonedDateTime z = t.atZone(zone);
                if (matches(cron, z.toLocalDateTime())) {
                    ticks.add(t);
                }
            }
        } else {
            LocalDateTime start = from.minusDays(1);
            for (LocalDateTime l = start; l.isBefore(start.plusDays(5)); l = l.plusMinutes(1)) {
                if (matches(cron, l)) {
                    ticks.add(ZonedDateTime.ofLocal(l, zone, null).toInstant());
                }
            }
        }
        return ticks;
    }

    private static boolean matches(CronExpression cron, LocalDateTime l) {
        return cron.matchesDate(l.toLocalDate()) && (cron.hourBits() & (1L << l.getHour())) != 0
                && (cron.minuteBits() & (1L << l.getMinute())) != 0;
    }

    private static String randomExpression(Random r) {
        String minute = switch (r.nextInt(4)) {
            case 0 -> String.valueOf(r.nextInt(60));
            case 1 -> "*/" + (5 + r.nextInt(26));
            case 2 -> r.nextInt(30) + "," + (30 + r.nextInt(30));
            default -> "0";
        };
        String hour = switch (r.nextInt(5)) {
            case 0 -> "*";
            case 1 -> String.valueOf(r.nextInt(24));
            case 2 -> r.nextInt(3) + "-" + (2 + r.nextInt(3));
            case 3 -> "*/" + (1 + r.nextInt(5));
            default -> "1,2,3";
        };
        String dow = r.nextInt(3) == 0 ? "1-5" : "*";
        return minute + " " + hour + " * * " + dow;
    }

    @Test
    void next_and_previous_agree_with_a_minute_by_minute_reading_of_the_rules() {
        Random r = new Random(42);
        int checked = 0;
        for (int i = 0; i < 60; i++) {
            CronExpression cron = CronExpression.parse(randomExpression(r));
            ZoneId zone = ZONES.get(r.nextInt(ZONES.size()));
            LocalDateTime from = LocalDateTime.parse(WINDOW_STARTS.get(r.nextInt(WINDOW_STARTS.size())));
            TreeSet<Instant> expected = oracle(cron, zone, from);
            List<Instant> probes = new ArrayList<>();
            Instant p = from.atZone(zone).toInstant();
            for (int k = 0; k < 40; k++) {
                probes.add(p);
                p = p.plus(37 + r.nextInt(120), ChronoUnit.MINUTES).plusSeconds(r.nextInt(3) * 20);
            }
            for (Instant probe : probes) {
                Instant next = expected.higher(probe);
                Instant prev = expected.lower(probe);
                if (next != null && next.isBefore(expected.last().minus(1, ChronoUnit.DAYS))) {
                    assertThat(cron.next(probe, zone)).as("%s in %s after %s", cron, zone, probe).isEqualTo(next);
                    checked++;
                }
                if (prev != null && prev.isAfter(expected.first().plus(1, ChronoUnit.DAYS))) {
                    assertThat(cron.previous(probe, zone)).as("%s in %s before %s", cron, zone, probe).isEqualTo(prev);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(3000);
    }
}
