package io.pipeline.web.cli;

import io.pipeline.calendar.CalendarOverride;
import io.pipeline.cli.BadInputException;
import io.pipeline.cli.CliRunner;
import io.pipeline.ops.Actor;
import io.pipeline.ops.calendar.CalendarOverrideNotFoundException;
import io.pipeline.ops.calendar.CalendarOverrideService;
import io.pipeline.ops.calendar.StoredOverride;
import io.pipeline.web.calendar.OverrideInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.LocalDate;

/**
 * {@code calendar override add|list|remove}: operators' closures and special hours, in the application's database.
 * Every change is in the audit log with the OS user as its owner, and reaches the running nodes within seconds.
 */
@Command(name = "override", description = "Operators' overrides of a calendar: closures and special hours.",
        mixinStandardHelpOptions = true)
public class CalendarOverrideCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Close the exchange on a date"
            + " (--kind closed) or set its hours (--kind hours --open HH:mm --close HH:mm [--break-start HH:mm"
            + " --break-end HH:mm]), in the exchange's local time. Replaces an earlier override of that date.")
    int add(@Option(names = "--calendar", required = true, paramLabel = "CODE", description = "e.g. XNYS") String code,
            @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD") String date,
            @Option(names = "--kind", required = true, description = "closed or hours") String kind,
            @Option(names = "--open", paramLabel = "HH:mm") String open,
            @Option(names = "--close", paramLabel = "HH:mm") String close,
            @Option(names = "--break-start", paramLabel = "HH:mm") String breakStart,
            @Option(names = "--break-end", paramLabel = "HH:mm") String breakEnd,
            @Option(names = "--reason", required = true, description = "Why (in the audit log)") String reason) {
        CalendarOverride o = OverrideInput.parse(date, kind, open, close, breakStart, breakEnd, reason);
        try (CliContext app = CliContext.start()) {
            StoredOverride s = app.bean(CalendarOverrideService.class).set(code, o, actor());
            out().println("Override of " + s.calendar() + " on " + o.date() + " set: " + describe(s) + ".");
        }
        out().flush();
        return CliRunner.OK;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per override:"
            + " date, kind, open, close, break_start, break_end, reason, updated_by (tab-separated, with a header).")
    int list(@Option(names = "--calendar", required = true, paramLabel = "CODE") String code) {
        try (CliContext app = CliContext.start()) {
            PrintWriter out = out();
            out.println("date\tkind\topen\tclose\tbreak_start\tbreak_end\treason\tupdated_by");
            for (StoredOverride s : app.bean(CalendarOverrideService.class).list(code)) {
                CalendarOverride o = s.override();
                out.println(o.date() + "\t" + o.kind().value() + '\t' + text(o.open()) + '\t' + text(o.close()) + '\t'
                        + text(o.breakStart()) + '\t' + text(o.breakEnd()) + '\t' + o.reason() + '\t'
                        + s.updatedBy());
            }
            out.flush();
        }
        return CliRunner.OK;
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove the override of a date;"
            + " the date answers from the exchange's rules again.")
    int remove(@Option(names = "--calendar", required = true, paramLabel = "CODE") String code,
               @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD") String date,
               @Option(names = "--reason", description = "Why (in the audit log)") String reason) {
        LocalDate day = OverrideInput.date("--date", date);
        try (CliContext app = CliContext.start()) {
            app.bean(CalendarOverrideService.class).remove(code, day, reason, actor());
        } catch (CalendarOverrideNotFoundException e) {
            throw new BadInputException(e.getMessage());
        }
        out().println("Override of " + code.toUpperCase(java.util.Locale.ROOT) + " on " + day + " removed.");
        out().flush();
        return CliRunner.OK;
    }

    private static String describe(StoredOverride s) {
        CalendarOverride o = s.override();
        if (o.kind() == CalendarOverride.Kind.CLOSED) {
            return "closed (" + o.reason() + ")";
        }
        return o.open() + "-" + o.close() + (o.hasBreak() ? ", break " + o.breakStart() + "-" + o.breakEnd() : "")
                + " (" + o.reason() + ")";
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }

    private static Actor actor() {
        return Actor.cli(System.getProperty("user.name", "cli"));
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
