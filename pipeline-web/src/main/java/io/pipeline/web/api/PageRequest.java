package io.pipeline.web.api;

import java.util.Set;
import java.util.TreeSet;

/**
 * Airflow's list parameters: {@code limit} (default 100; above {@link #MAX_LIMIT} it is capped to it, as Airflow caps
 * at its maximum page size; below 1 it is a 400), {@code offset} (default 0) and {@code order_by} (a field name,
 * {@code -} in front for descending). Each endpoint states the fields it can order by.
 */
public record PageRequest(int limit, int offset, String orderBy, boolean descending) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;

    public PageRequest {
        if (limit < 1) {
            throw ApiException.badRequest("Parameter 'limit' must be 1 or more, got " + limit);
        }
        limit = Math.min(limit, MAX_LIMIT);
        if (offset < 0) {
            throw ApiException.badRequest("Parameter 'offset' must be 0 or more, got " + offset);
        }
    }

    /**
     * @param orderBy      the request's {@code order_by}, or null for {@code defaultOrder}
     * @param allowed      fields this endpoint can order by
     * @param defaultOrder e.g. {@code dag_id} or {@code -logical_date}
     */
    public static PageRequest of(Integer limit, Integer offset, String orderBy, Set<String> allowed, String defaultOrder) {
        String order = orderBy == null || orderBy.isBlank() ? defaultOrder : orderBy.trim();
        boolean descending = order.startsWith("-");
        String field = descending ? order.substring(1) : order;
        if (!allowed.contains(field)) {
            throw ApiException.badRequest("Parameter 'order_by': ordering by '" + field + "' is not supported; use one of "
                    + String.join(", ", new TreeSet<>(allowed)) + " (prefix - for descending)");
        }
        return new PageRequest(limit == null ? DEFAULT_LIMIT : limit, offset == null ? 0 : offset, field, descending);
    }
}
