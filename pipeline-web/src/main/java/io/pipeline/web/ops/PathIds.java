package io.pipeline.web.ops;

import io.pipeline.dag.Ids;
import io.pipeline.web.api.ApiException;

import java.util.regex.Pattern;

/** Ids from the URL, checked before they reach a query: a malformed one is a 400 naming the parameter. */
final class PathIds {

    /** Run ids as the trigger endpoint accepts them, plus what the engine generates ({@code scheduled__<instant>}). */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_.:+~@-]{1,250}");

    private PathIds() {
    }

    static String dagId(String value) {
        return id("dag_id", value);
    }

    static String taskId(String field, String value) {
        return id(field, value);
    }

    static String runId(String field, String value) {
        if (value == null || !RUN_ID.matcher(value).matches()) {
            throw ApiException.badRequest("'" + field + "': '" + shorten(value) + "' is not a valid DAG run id (1 to"
                    + " 250 letters, digits and . _ : + ~ @ -)");
        }
        return value;
    }

    private static String id(String field, String value) {
        String problem = Ids.problem(field.replace("_id", ""), value);
        if (problem != null) {
            throw ApiException.badRequest("'" + field + "': " + problem);
        }
        return value;
    }

    private static String shorten(String v) {
        return v == null ? "" : v.length() > 60 ? v.substring(0, 60) + "..." : v;
    }
}
