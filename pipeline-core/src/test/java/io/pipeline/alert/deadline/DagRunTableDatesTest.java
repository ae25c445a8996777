package io.pipeline.alert.deadline;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.dag.alert.RunDates;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a run's interval and session from the engine's dag_run table (the one test here on engine tables). */
class DagRunTableDatesTest {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void database() {
        dataSource = TestDatabase.migratedDatabase(DagRunTableDatesTest.class);
        JdbcClient jdbc = JdbcClient.create(dataSource);
        OffsetDateTime now = OffsetDateTime.of(2024, 3, 11, 12, 0, 0, 0, ZoneOffset.UTC);
        jdbc.sql("INSERT INTO dag (dag_id, created_at, updated_at) VALUES ('close_prices', :now, :now)")
                .param("now", now).update();
        jdbc.sql("""
                        INSERT INTO dag_run (dag_id, run_id, run_type, state, logical_date, data_interval_start,
                                             data_interval_end, session_date, run_after, created_at, updated_at)
                        VALUES ('close_prices', 'scheduled__2024-03-11', 'scheduled', 'running', :logical, :start,
                                :end, :session, :end, :now, :now)""")
                .param("logical", OffsetDateTime.parse("2024-03-11T13:30:00Z"))
                .param("start", OffsetDateTime.parse("2024-03-11T13:30:00Z"))
                .param("end", OffsetDateTime.parse("2024-03-11T20:00:00Z"))
                .param("session", LocalDate.of(2024, 3, 11))
                .param("now", now)
                .update();
    }

    @AfterAll
    static void closeDatabase() {
        dataSource.close();
    }

    @Test
    void reads_the_interval_and_session_of_a_run() {
        RunDates d = new DagRunTableDates(dataSource).resolve("close_prices", "scheduled__2024-03-11",
                Instant.parse("2024-03-11T13:30:00Z"));
        assertThat(d.dataInterval().start()).isEqualTo("2024-03-11T13:30:00Z");
        assertThat(d.dataInterval().end()).isEqualTo("2024-03-11T20:00:00Z");
        assertThat(d.session()).isEqualTo(LocalDate.of(2024, 3, 11));
        assertThat(d.day()).isEqualTo(LocalDate.of(2024, 3, 11));
    }

    @Test
    void an_unknown_run_falls_back_to_its_logical_date() {
        Instant logical = Instant.parse("2024-03-09T00:00:00Z");
        RunDates d = new DagRunTableDates(dataSource).resolve("close_prices", "manual__x", logical);
        assertThat(d.dataInterval().end()).isEqualTo(logical);
        assertThat(d.session()).isNull();
    }
}
