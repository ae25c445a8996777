package io.pipeline.task.io;

import io.pipeline.task.TaskContext;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key, path or message text with placeholders filled from the run: {@code {session}} (the trading session, else
 * the logical date's UTC date, as YYYY-MM-DD), {@code {ds}}, {@code {ds_nodash}} (logical date in UTC),
 * {@code {dag_id}}, {@code {run_id}}, {@code {task_id}}, {@code {param.NAME}}. Unknown placeholders fail naming them.
 */
public record KeyTemplate(String template) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_.]*)}");

    public KeyTemplate {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("template is empty");
        }
    }

    public static KeyTemplate of(String template) {
        return new KeyTemplate(template);
    }

    public String render(TaskContext ctx) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), ctx)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The run's session, or the logical date's UTC date for runs without one. */
    public static LocalDate sessionOf(TaskContext ctx) {
        return ctx.session() != null ? ctx.session() : LocalDate.ofInstant(ctx.logicalDate(), ZoneOffset.UTC);
    }

    private String value(String name, TaskContext ctx) {
        LocalDate ds = LocalDate.ofInstant(ctx.logicalDate(), ZoneOffset.UTC);
        return switch (name) {
            case "session" -> sessionOf(ctx).toString();
            case "ds" -> ds.toString();
            case "ds_nodash" -> ds.format(DateTimeFormatter.BASIC_ISO_DATE);
            case "dag_id" -> ctx.dagId();
            case "run_id" -> ctx.runId();
            case "task_id" -> ctx.taskId();
            default -> {
                if (name.startsWith("param.")) {
                    Object v = ctx.params().get(name.substring(6));
                    if (v == null) {
                        throw new IllegalArgumentException("template '" + template + "': param '" + name.substring(6) + "' is not set");
                    }
                    yield String.valueOf(v);
                }
                throw new IllegalArgumentException("template '" + template + "': unknown placeholder {" + name + "}");
            }
        };
    }
}
