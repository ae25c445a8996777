package io.pipeline.web.cli;

import io.pipeline.cli.BadInputException;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rows printed as Airflow's CLI prints them with {@code -o/--output}: {@code table} (aligned columns under a header,
 * the default), {@code json} (an array of objects with string values) or {@code plain} (tab-separated with a
 * header line, for scripts). Rows are column name to value, in column order.
 */
final class CliTable {

    static final String FORMATS = "table, json, plain";

    private CliTable() {
    }

    static void print(PrintWriter out, String format, List<String> columns, List<Map<String, String>> rows) {
        switch (format(format)) {
            case "json" -> CliJson.printRows(out, columns, rows);
            case "plain" -> {
                out.println(String.join("\t", columns));
                rows.forEach(r -> out.println(String.join("\t", values(columns, r))));
            }
            default -> table(out, columns, rows);
        }
        out.flush();
    }

    /** Checks the value of {@code --output} before any work is done. */
    static String format(String value) {
        String f = value == null ? "table" : value.toLowerCase(Locale.ROOT);
        if (!List.of("table", "json", "plain").contains(f)) {
            throw new BadInputException("--output: '" + value + "' is not one of " + FORMATS);
        }
        return f;
    }

    static Map<String, String> row(String... columnsAndValues) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i + 1 < columnsAndValues.length; i += 2) {
            row.put(columnsAndValues[i], columnsAndValues[i + 1] == null ? "" : columnsAndValues[i + 1]);
        }
        return row;
    }

    private static void table(PrintWriter out, List<String> columns, List<Map<String, String>> rows) {
        int[] width = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            width[c] = columns.get(c).length();
            for (Map<String, String> r : rows) {
                width[c] = Math.max(width[c], r.getOrDefault(columns.get(c), "").length());
            }
        }
        out.println(line(columns, width));
        List<String> rule = new ArrayList<>();
        for (int w : width) {
            rule.add("=".repeat(w));
        }
        out.println(line(rule, width));
        rows.forEach(r -> out.println(line(values(columns, r), width)));
    }

    private static String line(List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                b.append(" | ");
            }
            b.append(c == cells.size() - 1 ? cells.get(c) : String.format("%-" + width[c] + "s", cells.get(c)));
        }
        return b.toString().stripTrailing();
    }

    private static List<String> values(List<String> columns, Map<String, String> row) {
        return columns.stream().map(c -> row.getOrDefault(c, "")).toList();
    }
}
