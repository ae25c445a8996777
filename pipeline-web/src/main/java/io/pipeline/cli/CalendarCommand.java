package io.pipeline.cli;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.SessionCsv;
import io.pipeline.web.calendar.SessionRange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * {@code calendar list} and {@code calendar sessions}: no Spring; a database only when one is configured, for the
 * overrides (see {@link StoredOverrides}). {@code calendar override ...} is added by the full command line.
 */
@Command(name = "calendar", description = {"Trading calendars.",
        "Operators' overrides: calendar override add|list|remove (see calendar override --help)."},
        mixinStandardHelpOptions = true)
public class CalendarCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "One line per calendar: CODE<TAB>IANA-zone<TAB>name.")
    int list() {
        PrintWriter out = spec.commandLine().getOut();
        for (ExchangeCalendar c : Calendars.all()) {
            out.print(c.code() + '\t' + c.zone().getId() + '\t' + c.name() + '\n');
        }
        out.flush();
        return CliRunner.OK;
    }

    @Command(name = "sessions", description = "The sessions in [--from, --to] as CSV: header"
            + " ',open,close,break_start,break_end', the session date as YYYY-MM-DDT00:00:00Z, instants in UTC."
            + " Operators' overrides are applied when a database is configured (SPRING_DATASOURCE_URL, with"
            + " SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD); without one, or with --no-overrides,"
            + " the exchange's rules alone.")
    int sessions(
            @Option(names = "--calendar", required = true, paramLabel = "CODE", description = "e.g. XNYS") String code,
            @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", converter = Dates.class) LocalDate from,
            @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", converter = Dates.class) LocalDate to,
            @Option(names = "--no-overrides", description = "Ignore the overrides stored in the database.")
            boolean noOverrides) {
        String url = noOverrides ? null : StoredOverrides.configuredUrl();
        ExchangeCalendar calendar = Calendars.registry().compileWith(code, url == null ? List.of()
                : StoredOverrides.read(url, code.trim().toUpperCase(Locale.ROOT)));
        SessionRange.check(calendar, from, to, "--from", "--to");
        PrintWriter out = spec.commandLine().getOut();
        SessionCsv.write(calendar.sessions(from, to), out);
        out.flush();
        return CliRunner.OK;
    }
}
