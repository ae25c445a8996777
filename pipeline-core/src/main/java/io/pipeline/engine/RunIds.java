package io.pipeline.engine;


import java.util.regex.Pattern;

/**
 * The rule for a run id given by a user (API {@code dag_run_id}, the dashboard's trigger form, {@code dags trigger
 * --run-id}): 1 to 250 characters of letters, digits and {@code . _ : + ~ @ -}. Generated ids
 * ({@code manual__2024-05-01T04:00:00Z}, {@code scheduled__...}) satisfy it.
 */
public final class RunIds {

    public static final int MAX_LENGTH = 250;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.:+~@-]{1," + MAX_LENGTH + "}");

    private RunIds() {
    }

    /** Why {@code runId} may not be used, or null when it may. */
    public static String problem(String runId) {
        if (runId == null || VALID.matcher(runId).matches()) {
            return null;
        }
        String shown = runId.length() > 60 ? runId.substring(0, 60) + "..." : runId;
        return "invalid dag_run_id '" + LogSafe.of(shown) + "': use 1 to " + MAX_LENGTH
                + " characters of letters, digits and . _ : + ~ @ -";
    }

    /** @throws IllegalArgumentException with {@link #problem} when the id may not be used */
    public static void check(String runId) {
        String problem = problem(runId);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }
}
