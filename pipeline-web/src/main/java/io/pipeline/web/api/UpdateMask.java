package io.pipeline.web.api;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Airflow's {@code update_mask} query parameter: the fields a PATCH changes, comma-separated or repeated. */
final class UpdateMask {

    private UpdateMask() {
    }

    /** The named fields, or null when no mask was given; a field outside {@code allowed} is a 400 naming it. */
    static List<String> of(List<String> values, Set<String> allowed) {
        if (values == null) {
            return null;
        }
        List<String> fields = values.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                .filter(f -> !f.isEmpty()).distinct().toList();
        for (String f : fields) {
            if (!allowed.contains(f)) {
                throw ApiException.badRequest("Parameter 'update_mask': '" + f + "' cannot be updated; use "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        if (fields.isEmpty()) {
            throw ApiException.badRequest("Parameter 'update_mask' names no field; use "
                    + String.join(", ", new TreeSet<>(allowed)));
        }
        return fields;
    }
}
