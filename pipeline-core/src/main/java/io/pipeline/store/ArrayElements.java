package io.pipeline.store;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The elements of stored JSON arrays that mapped task instances read their item from, kept in memory per node.
 * Reading element i with {@code value -> i} makes PostgreSQL fetch and decompress the whole array for every mapped
 * instance: a fan-out of N instances reads N times N elements. Here an array is read and split once, and each
 * instance asks only for the stored row's version ({@code xmin}), so a value replaced by a later try is never served
 * stale. Bounded: arrays larger than {@link #MAX_ARRAY_CHARS} are not kept, and the least recently used ones are
 * dropped beyond {@link #MAX_TOTAL_CHARS} or {@link #MAX_ENTRIES}.
 */
final class ArrayElements {

    static final int MAX_ENTRIES = 32;
    static final long MAX_ARRAY_CHARS = 8L << 20;
    static final long MAX_TOTAL_CHARS = 32L << 20;

    record Key(long runPk, String taskId, int mapIndex, String key) {
    }

    /** The split array of one stored version; {@code chars} is the stored text's length. */
    record Split(String version, String[] elements, long chars) {
        Optional<String> element(int index) {
            return index >= 0 && index < elements.length ? Optional.of(elements[index]) : Optional.empty();
        }
    }

    // Floats as BigDecimal so that an element is written back with the digits it was stored with.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final Map<Key, Split> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long totalChars;

    synchronized Split get(Key key, String version) {
        Split split = cache.get(key);
        return split != null && split.version().equals(version) ? split : null;
    }

    /** Splits {@code json}; null when it is not an array or too large to keep (the caller reads element-wise). */
    Split split(String version, String json) {
        if (json == null || json.length() > MAX_ARRAY_CHARS) {
            return null;
        }
        JsonNode array;
        try {
            array = JSON.readTree(json);
        } catch (JacksonException notJson) {
            return null;
        }
        if (array == null || !array.isArray()) {
            return null;
        }
        String[] elements = new String[array.size()];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = JSON.writeValueAsString(array.get(i));
        }
        return new Split(version, elements, json.length());
    }

    synchronized void put(Key key, Split split) {
        Split old = cache.put(key, split);
        totalChars += split.chars() - (old == null ? 0 : old.chars());
        var eldest = cache.entrySet().iterator();
        while ((cache.size() > MAX_ENTRIES || totalChars > MAX_TOTAL_CHARS) && eldest.hasNext()) {
            Split dropped = eldest.next().getValue();
            if (dropped == split) {
                break;
            }
            totalChars -= dropped.chars();
            eldest.remove();
        }
    }

    synchronized int size() {
        return cache.size();
    }
}
