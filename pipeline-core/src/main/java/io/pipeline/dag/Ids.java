package io.pipeline.dag;

import java.util.regex.Pattern;

/** The id rule for DAGs and tasks: 1 to 250 characters from {@code [A-Za-z0-9_.-]} (Airflow's rule). */
public final class Ids {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.-]{1,250}");

    private Ids() {
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** Why {@code id} is not valid, or null when it is. */
    public static String problem(String kind, String id) {
        if (id == null || id.isEmpty()) {
            return kind + " id is empty";
        }
        if (id.length() > 250) {
            return kind + " id '" + id.substring(0, 40) + "...' is longer than 250 characters";
        }
        if (!isValid(id)) {
            return "invalid " + kind + " id '" + id + "': only letters, digits, '_', '.' and '-' are allowed";
        }
        return null;
    }
}
