package io.pipeline.web.cli;

import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON output of the CLI; apart from the command classes so that only {@code -o json} loads Jackson. */
final class CliJson {

    private CliJson() {
    }

    static void printRows(PrintWriter out, List<String> columns, List<Map<String, String>> rows) {
        List<Map<String, String>> ordered = rows.stream().map(r -> {
            Map<String, String> m = new LinkedHashMap<>();
            columns.forEach(c -> m.put(c, r.getOrDefault(c, "")));
            return m;
        }).toList();
        out.println(JsonMapper.builder().build().writeValueAsString(ordered));
    }
}
