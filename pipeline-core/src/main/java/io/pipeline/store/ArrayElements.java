package io.pipeline.store;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The elements of stored JSON arrays that mapped task instances read their item from, kept in memory per node.
 * Reading element i with {@code value -> i} makes PostgreSQL fetch and decompress the whole array for every mapped
 * instance: a fan-out of N instances reads N times N elements. Here an array is read and split once, and each
 * instance asks only for the stored row's version ({@code xmin}), so a value replaced by a later try is never served
 * stale. Bounded: arrays larger than {@link #MAX_ARRAY_CHARS} are not kept, and the least recently used ones are
 * dropped beyond {@link #MAX_TOTAL_CHARS} or {@link #MAX_ENTRIES}.
 * <p>
 * One array is loaded by one thread at a time ({@link #loadLock}): when a wide fan-out starts, every worker thread
 * asks for an item of the same new array at once, and without it each of them read and split the whole array (16
 * worker slots: 16 reads of the stored text and 16 splits of a 20,000-element array, a quarter of the node's
 * allocations during the fan-out). A stored version that cannot be split (not an array, or too large) is remembered
 * as such, so that the instances reading it go to the database element-wise without reading the whole text first.
 */
final class ArrayElements {

    static final int MAX_ENTRIES = 32;
    static final long MAX_ARRAY_CHARS = 8L << 20;
    static final long MAX_TOTAL_CHARS = 32L << 20;

    record Key(long runPk, String taskId, int mapIndex, String key) {
    }

    /** The split array of one stored version; {@code chars} is the stored text's length. */
    record Split(String version, String[] elements, long chars) {
        /** A stored version that is not split here (not an array, or too large): read element-wise. */
        static Split notSplit(String version) {
            return new Split(version, null, 0);
        }

        boolean isSplit() {
            return elements != null;
        }

        Optional<String> element(int index) {
            return index >= 0 && index < elements.length ? Optional.of(elements[index]) : Optional.empty();
        }
    }

    // Floats as BigDecimal so that an element is written back with the digits it was stored with.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final Map<Key, Split> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long totalChars;
    /** Striped: the loads of different arrays rarely wait for each other, and the locks are bounded. */
    private final Object[] loadLocks = new Object[16];
    private final AtomicLong splits = new AtomicLong();

    ArrayElements() {
        for (int i = 0; i < loadLocks.length; i++) {
            loadLocks[i] = new Object();
        }
    }

    /** Held while one thread reads and splits the array under {@code key}; the others wait, then find it kept. */
    Object loadLock(Key key) {
        return loadLocks[Math.floorMod(key.hashCode(), loadLocks.length)];
    }

    /** How many arrays were split (for tests). */
    long splits() {
        return splits.get();
    }

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
        splits.incrementAndGet();
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
