package io.pipeline.schedule;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each key mapping between partitionings, the checks of keys and URIs, and the refused combinations. */
class PartitionMappingTest {

    static final Partitioning XNYS = Partitioning.sessionsOf("XNYS");
    static final Partitioning XLON = Partitioning.sessionsOf("XLON");

    @Test
    void same_session_maps_a_key_to_itself() {
        PartitionMapping m = PartitionMapping.sameSession();
        assertThat(m.target(XNYS)).isEqualTo(XNYS);
        assertThat(m.runKey(XNYS, LocalDate.of(2026, 11, 20))).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(m.inputKeys(XNYS, LocalDate.of(2026, 11, 20))).containsExactly(LocalDate.of(2026, 11, 20));
    }

    @Test
    void previous_session_skips_the_weekend_and_holidays() {
        PartitionMapping m = PartitionMapping.previousSession();
        // Monday 2026-11-23 waits for Friday 2026-11-20; Friday 2026-11-27 waits for Wednesday (Thanksgiving closed).
        assertThat(m.inputKeys(XNYS, LocalDate.of(2026, 11, 23))).containsExactly(LocalDate.of(2026, 11, 20));
        assertThat(m.inputKeys(XNYS, LocalDate.of(2026, 11, 27))).containsExactly(LocalDate.of(2026, 11, 25));
        assertThat(m.runKey(XNYS, LocalDate.of(2026, 11, 25))).isEqualTo(LocalDate.of(2026, 11, 27));
    }

    @Test
    void last_session_of_week_waits_for_every_session_of_the_week() {
        PartitionMapping m = PartitionMapping.lastSessionOfWeek();
        // Thanksgiving week 2026: Mon 23, Tue 24, Wed 25, (Thu 26 closed), Fri 27.
        assertThat(m.runKey(XNYS, LocalDate.of(2026, 11, 24))).isEqualTo(LocalDate.of(2026, 11, 27));
        assertThat(m.inputKeys(XNYS, LocalDate.of(2026, 11, 27))).containsExactly(LocalDate.of(2026, 11, 23),
                LocalDate.of(2026, 11, 24), LocalDate.of(2026, 11, 25), LocalDate.of(2026, 11, 27));
        assertThat(m.inputKeys(XNYS, LocalDate.of(2026, 11, 25))).isEmpty();
    }

    @Test
    void last_session_of_month_waits_for_every_session_of_the_month() {
        PartitionMapping m = PartitionMapping.lastSessionOfMonth();
        assertThat(m.runKey(XNYS, LocalDate.of(2026, 11, 2))).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(m.inputKeys(XNYS, LocalDate.of(2026, 11, 30))).hasSize(20)
                .startsWith(LocalDate.of(2026, 11, 2)).endsWith(LocalDate.of(2026, 11, 30))
                .doesNotContain(LocalDate.of(2026, 11, 26));
    }

    @Test
    void a_london_session_maps_to_the_new_york_session_open_at_the_london_close() {
        PartitionMapping m = PartitionMapping.sessionOpenAt("XNYS", SessionEvent.CLOSE, Duration.ZERO);
        assertThat(m.target(XLON)).isEqualTo(XNYS);
        // London closes at 16:30 (11:30 in New York): XNYS's session of the same date.
        assertThat(m.runKey(XLON, LocalDate.of(2026, 11, 20))).isEqualTo(LocalDate.of(2026, 11, 20));
        // Thanksgiving: London trades, New York is closed at that instant: no run.
        assertThat(m.runKey(XLON, LocalDate.of(2026, 11, 26))).isNull();
        assertThat(m.inputKeys(XLON, LocalDate.of(2026, 11, 20))).containsExactly(LocalDate.of(2026, 11, 20));
        // At the London open (08:00, 03:00 in New York) New York is closed.
        PartitionMapping atOpen = PartitionMapping.sessionOpenAt("XNYS", SessionEvent.OPEN, Duration.ZERO);
        assertThat(atOpen.runKey(XLON, LocalDate.of(2026, 11, 20))).isNull();
    }

    @Test
    void latest_session_on_or_before_maps_each_day_to_the_session_as_of_that_day() {
        PartitionMapping m = PartitionMapping.latestSessionOnOrBefore();
        assertThat(m.target(XNYS)).isEqualTo(Partitioning.calendarDays("America/New_York"));
        assertThat(m.inputKeys(XNYS, LocalDate.of(2026, 11, 24))).containsExactly(LocalDate.of(2026, 11, 24));
        // Saturday and Sunday wait for Friday; Thanksgiving (closed) for the Wednesday before it.
        assertThat(m.inputKeys(XNYS, LocalDate.of(2026, 11, 21))).containsExactly(LocalDate.of(2026, 11, 20));
        assertThat(m.inputKeys(XNYS, LocalDate.of(2026, 11, 22))).containsExactly(LocalDate.of(2026, 11, 20));
        assertThat(m.inputKeys(XNYS, LocalDate.of(2026, 11, 26))).containsExactly(LocalDate.of(2026, 11, 25));
        assertThatThrownBy(() -> m.target(Partitioning.calendarDays("UTC")))
                .isInstanceOf(IncompatiblePartitionsException.class).hasMessageContaining("latest_session_on_or_before")
                .hasMessageContaining("days:UTC");
    }

    @Test
    void a_mapping_between_incompatible_partitionings_is_a_named_error() {
        Partitioning days = Partitioning.calendarDays("UTC");
        assertThatThrownBy(() -> PartitionMapping.previousSession().target(days))
                .isInstanceOf(IncompatiblePartitionsException.class)
                .hasMessageContaining("previous_session").hasMessageContaining("days:UTC");
        Dataset bars = Dataset.of("postgres://md/public/bars_1d").partitionedBy(XNYS);
        Dataset ftse = Dataset.of("s3://vendor/ftse").partitionedBy(XLON);
        assertThatThrownBy(() -> Schedules.onPartitions(bars, ftse))
                .isInstanceOf(IncompatiblePartitionsException.class)
                .hasMessageContaining("sessions:XNYS").hasMessageContaining("sessions:XLON");
        assertThatThrownBy(() -> Schedules.onPartitions(Dataset.of("s3://plain/file")))
                .isInstanceOf(IncompatiblePartitionsException.class).hasMessageContaining("s3://plain/file");
        // London mapped onto New York sessions fits next to a New York dataset.
        assertThat(Schedules.onPartitions(DatasetInput.of(bars, PartitionMapping.sameSession()),
                DatasetInput.of(ftse, PartitionMapping.sessionOpenAt("XNYS", SessionEvent.CLOSE, Duration.ZERO)))
                .partitioning()).isEqualTo(XNYS);
    }

    @Test
    void a_key_that_is_not_a_session_is_refused_naming_it() {
        assertThatThrownBy(() -> XNYS.requireKey("2026-11-26")).isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("2026-11-26").hasMessageContaining("sessions:XNYS");
        assertThatThrownBy(() -> XNYS.requireKey("20-11-2026")).isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("20-11-2026");
        assertThat(XNYS.requireKey("2026-11-20")).isEqualTo(LocalDate.of(2026, 11, 20));
    }

    @Test
    void a_partition_run_has_the_session_as_logical_date_and_interval() {
        DagRunInfo run = XNYS.run(LocalDate.of(2026, 11, 20));
        assertThat(run.logicalDate()).hasToString("2026-11-20T05:00:00Z");
        assertThat(run.dataInterval().start()).hasToString("2026-11-20T14:30:00Z");
        assertThat(run.dataInterval().end()).hasToString("2026-11-20T21:00:00Z");
        assertThat(run.session()).isEqualTo(LocalDate.of(2026, 11, 20));
    }

    @Test
    void dataset_uris_follow_airflows_rules() {
        assertThat(Dataset.of("s3://bucket/key").uri()).isEqualTo("s3://bucket/key");
        assertThat(Dataset.of("postgres://db/schema/table").uri()).isEqualTo("postgres://db/schema/table");
        assertThatThrownBy(() -> Dataset.of("airflow://x")).isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> Dataset.of("  ")).isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> Dataset.of("s3://bücket/x")).isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("ASCII");
        assertThatThrownBy(() -> Dataset.of("s3://user:pw@bucket/x")).isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("auth");
        assertThatThrownBy(() -> Dataset.of("s3://bucket/a b")).isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("not a URI");
        assertThatThrownBy(() -> Dataset.of("s3://b/" + "x".repeat(3000))).isInstanceOf(InvalidDatasetException.class)
                .hasMessageContaining("3000");
    }
}
