package io.pipeline.web.calendar;

import io.pipeline.ops.calendar.CalendarOverrideService;
import io.pipeline.web.testing.ApiTestBase;
import io.pipeline.web.testing.CliInProcess;
import io.pipeline.web.testing.CliInProcess.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code calendar override add|list|remove} against the running application's database, audited with the OS user;
 * {@code calendar sessions} applies the stored overrides when a database is configured, and not with
 * {@code --no-overrides}.
 */
class CalendarOverrideCliTest extends ApiTestBase {

    @Value("${spring.datasource.url}")
    String databaseUrl;
    @Autowired
    DataSource dataSource;
    @Autowired
    CalendarOverrideService service;

    private CliInProcess cli;

    @BeforeEach
    void cli() {
        cli = new CliInProcess(databaseUrl);
    }

    @AfterEach
    void restore() {
        cli.close();
        JdbcClient.create(dataSource).sql("DELETE FROM calendar_override").update();
        service.reloadAll();
    }

    @Test
    void add_list_sessions_and_remove() {
        Result add = cli.run("calendar", "override", "add", "--calendar", "xnys", "--date", "2029-03-14",
                "--kind", "hours", "--open", "09:30", "--close", "13:00", "--reason", "system failure");
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.out()).contains("XNYS").contains("2029-03-14").contains("09:30-13:00");
        Result closed = cli.run("calendar", "override", "add", "--calendar", "XNYS", "--date", "2029-03-15",
                "--kind", "closed", "--reason", "day of mourning");
        assertThat(closed.exitCode()).as(closed.err()).isZero();

        Result list = cli.run("calendar", "override", "list", "--calendar", "XNYS");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines()).containsExactly(
                "date\tkind\topen\tclose\tbreak_start\tbreak_end\treason\tupdated_by",
                "2029-03-14\thours\t09:30\t13:00\t\t\tsystem failure\t" + CliInProcess.osUser(),
                "2029-03-15\tclosed\t\t\t\t\tday of mourning\t" + CliInProcess.osUser());

        Result sessions = cli.run("calendar", "sessions", "--calendar", "XNYS", "--from", "2029-03-13",
                "--to", "2029-03-16");
        assertThat(sessions.exitCode()).as(sessions.err()).isZero();
        assertThat(sessions.out().lines()).containsExactly(",open,close,break_start,break_end",
                "2029-03-13T00:00:00Z,2029-03-13T13:30:00Z,2029-03-13T20:00:00Z,,",
                "2029-03-14T00:00:00Z,2029-03-14T13:30:00Z,2029-03-14T17:00:00Z,,",
                "2029-03-16T00:00:00Z,2029-03-16T13:30:00Z,2029-03-16T20:00:00Z,,");
        Result plain = cli.run("calendar", "sessions", "--calendar", "XNYS", "--from", "2029-03-13",
                "--to", "2029-03-16", "--no-overrides");
        assertThat(plain.out().lines()).hasSize(5).contains("2029-03-15T00:00:00Z,2029-03-15T13:30:00Z,"
                + "2029-03-15T20:00:00Z,,");

        Result remove = cli.run("calendar", "override", "remove", "--calendar", "XNYS", "--date", "2029-03-15",
                "--reason", "rescinded");
        assertThat(remove.exitCode()).as(remove.err()).isZero();
        assertThat(service.list("XNYS")).extracting(s -> s.override().date())
                .containsExactly(LocalDate.parse("2029-03-14"));
        assertThat(JdbcClient.create(dataSource).sql("SELECT owner || ' ' || extra FROM audit_log WHERE event LIKE"
                + " 'calendar_override%' AND extra LIKE '%\"via\":\"cli\"%' ORDER BY id").query(String.class).list())
                .hasSize(3).allSatisfy(e -> assertThat(e).startsWith(CliInProcess.osUser()).contains("\"via\":\"cli\""))
                .last().asString().contains("rescinded");
    }

    @Test
    void bad_input_exits_2_with_the_reason() {
        Result r = cli.run("calendar", "override", "add", "--calendar", "XNYS", "--date", "2029-03-14",
                "--kind", "hours", "--open", "13:00", "--close", "10:00", "--reason", "x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("close 10:00 is not after open 13:00");
        Result none = cli.run("calendar", "override", "remove", "--calendar", "XNYS", "--date", "2029-03-14");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no override on 2029-03-14");
    }

    @Test
    void every_override_command_answers_help() {
        for (String[] args : new String[][]{{"calendar", "override", "--help"},
                {"calendar", "override", "add", "--help"}, {"calendar", "override", "list", "--help"},
                {"calendar", "override", "remove", "--help"}}) {
            Result r = cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).contains("Usage:");
        }
    }
}
