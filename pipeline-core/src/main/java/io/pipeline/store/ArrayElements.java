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
 * instance: a fan-out of N instances reads N times N elements. Here an array is read and split once, and the
 * instances ask only for the stored row's version ({@code xmin}), so a value replaced by a later try is never served
 * stale. Bounded: arrays larger than {@link #MAX_ARRAY_CHARS} are not kept, and the least recently used ones are
 * dropped beyond {@link #MAX_TOTAL_CHARS} or {@link #MAX_ENTRIES}.
 * <p>
 * The version is not read once per instance: the last version read of each row is kept with the {@link #mark()} the
 * read was numbered with ({@link Seen}), and it answers every caller whose own mark is lower, that is, every
 * instance whose claim had committed before that read was sent (the caller takes its mark right after its claim).
 * One read thus serves all instances claimed before it, typically a whole claimed batch. The reads of a row's version
 * are made under the same lock as its load, one at a time, so that callers waiting for one can take it.
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
    /** Versions seen are kept for this many rows, the least recently asked for dropped first. */
    static final int MAX_SEEN = 1_024;

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

    /**
     * The version of a stored row ({@code xmin}) as read by a statement that was numbered {@code at} ({@link #mark()})
     * just before it was sent; {@code version} is null when there was no row.
     */
    record Seen(String version, long at) {
    }

    // Floats as BigDecimal so that an element is written back with the digits it was stored with.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final Map<Key, Split> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long totalChars;
    /** Striped: the loads of different arrays rarely wait for each other, and the locks are bounded. */
    private final Object[] loadLocks = new Object[16];
    private final AtomicLong splits = new AtomicLong();
    /** One counter for the callers' marks and the reads' numbers: a read numbered above a mark was sent after it. */
    private final AtomicLong marks = new AtomicLong();
    private final Map<Key, Seen> seen = new LinkedHashMap<>(16, 0.75f, true);

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

    /** A mark of this moment: what is read after it is numbered higher. */
    long mark() {
        return marks.incrementAndGet();
    }

    /** The version last read of the row under {@code key}, if that read was sent after {@code after}; else null. */
    synchronized Seen seen(Key key, long after) {
        Seen s = seen.get(key);
        return s != null && s.at() > after ? s : null;
    }

    /** Keeps a version read of the row under {@code key}, unless a later read is already kept. */
    synchronized void saw(Key key, Seen read) {
        Seen old = seen.get(key);
        if (old != null && old.at() > read.at()) {
            return;
        }
        seen.put(key, read);
        if (seen.size() > MAX_SEEN) {
            var eldest = seen.entrySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /**
     * The kept split of the row under {@code key} in the version last read, if that read was sent after
     * {@code after}; null when no such read is kept, there was no row, or that version's split is not kept.
     */
    synchronized Split current(Key key, long after) {
        Seen s = seen(key, after);
        return s == null || s.version() == null ? null : get(key, s.version());
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
