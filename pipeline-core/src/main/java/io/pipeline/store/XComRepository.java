package io.pipeline.store;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Task outputs ({@code xcom}), stored as jsonb. */
public class XComRepository {

    public static final String RETURN_VALUE = "return_value";

    private static final RowMapper<XComRow> MAPPER = (rs, n) -> new XComRow(rs.getLong("run_pk"),
            rs.getString("task_id"), rs.getInt("map_index"), rs.getString("key"), rs.getString("value"),
            Timestamps.read(rs, "created_at"));

    private final JdbcClient jdbc;
    private final ArrayElements arrays = new ArrayElements();

    public XComRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores (or, for a later try, replaces) a value. */
    public void put(long runPk, String taskId, int mapIndex, String key, String json, Instant now) {
        jdbc.sql("""
                INSERT INTO xcom (run_pk, task_id, map_index, key, value, created_at)
                VALUES (:run, :task, :mi, :key, CAST(:value AS jsonb), :now)
                ON CONFLICT (run_pk, task_id, map_index, key) DO UPDATE SET value = excluded.value,
                    created_at = excluded.created_at
                """)
                .param("run", runPk).param("task", taskId).param("mi", mapIndex).param("key", key)
                .param("value", json).param("now", Timestamps.toDb(now))
                .update();
    }

    public Optional<XComRow> find(long runPk, String taskId, int mapIndex, String key) {
        return jdbc.sql("""
                SELECT * FROM xcom WHERE run_pk = :run AND task_id = :task AND map_index = :mi AND key = :key
                """)
                .param("run", runPk).param("task", taskId).param("mi", mapIndex).param("key", key)
                .query(MAPPER).optional();
    }

    /** The values of every instance of a task (mapped: 0..n-1) under a key, by map index. */
    public List<XComRow> findAll(long runPk, String taskId, String key) {
        return jdbc.sql("""
                SELECT * FROM xcom WHERE run_pk = :run AND task_id = :task AND key = :key ORDER BY map_index
                """)
                .param("run", runPk).param("task", taskId).param("key", key).query(MAPPER).list();
    }

    /**
     * A mark of this moment, for {@link #arrayElement(long, String, int, String, int, long)}: taken right after the
     * transaction that claimed task instances committed, it lets their items come from a version read after that
     * commit, whichever of them read it.
     */
    public long mark() {
        return arrays.mark();
    }

    /** Element {@code index} of a stored JSON array, from its version as of now (see the method below). */
    public Optional<String> arrayElement(long runPk, String taskId, int mapIndex, String key, int index) {
        return arrayElement(runPk, taskId, mapIndex, key, index, mark());
    }

    /**
     * Element {@code index} of a stored JSON array (the item a mapped instance was expanded for), in a version read
     * after {@code after} (a {@link #mark()}), never an older one. The array is read and split once per stored version
     * and node ({@link ArrayElements}). The row's version ({@code xmin}) is read only when no read of it sent after
     * {@code after} is kept: one read serves every caller marked before it was sent (a claimed batch of mapped
     * instances, or the batches claimed while it was on its way), and callers that find none wait for the one read
     * of the row under way and take it if it was sent after their mark.
     */
    public Optional<String> arrayElement(long runPk, String taskId, int mapIndex, String key, int index,
                                         long after) {
        ArrayElements.Key cacheKey = new ArrayElements.Key(runPk, taskId, mapIndex, key);
        ArrayElements.Split split = arrays.current(cacheKey, after);
        if (split == null) {
            synchronized (arrays.loadLock(cacheKey)) {
                ArrayElements.Seen seen = arrays.seen(cacheKey, after); // read by another thread while this one waited
                if (seen == null) {
                    seen = readVersion(cacheKey);
                }
                if (seen.version() == null) {
                    return Optional.empty();
                }
                split = arrays.get(cacheKey, seen.version());
                if (split == null) {
                    split = load(cacheKey);
                }
            }
        }
        if (split == null || !split.isSplit()) {
            return elementInDatabase(runPk, taskId, mapIndex, key, index); // gone, not an array, or too large
        }
        return split.element(index);
    }

    /** Reads the row's version and keeps it, numbered by a mark taken before the statement is sent. */
    private ArrayElements.Seen readVersion(ArrayElements.Key k) {
        long at = arrays.mark();
        // positional parameters spare the named ones' parsing and substitution per call
        String version = jdbc.sql("""
                SELECT CAST(xmin AS text) FROM xcom
                WHERE run_pk = ? AND task_id = ? AND map_index = ? AND key = ?
                """)
                .params(k.runPk(), k.taskId(), k.mapIndex(), k.key())
                .query(String.class).optional().orElse(null);
        ArrayElements.Seen seen = new ArrayElements.Seen(version, at);
        arrays.saw(k, seen);
        return seen;
    }

    /**
     * Reads and splits the stored array and keeps it; null when the row is gone. The version read with it is kept as
     * seen too (it may be newer than the one the caller asked for).
     */
    private ArrayElements.Split load(ArrayElements.Key k) {
        long at = arrays.mark();
        Optional<String[]> row = jdbc.sql("""
                SELECT CAST(xmin AS text) AS row_version, CAST(value AS text) AS json FROM xcom
                WHERE run_pk = :run AND task_id = :task AND map_index = :mi AND key = :key
                """)
                .param("run", k.runPk()).param("task", k.taskId()).param("mi", k.mapIndex()).param("key", k.key())
                .query((rs, n) -> new String[] {rs.getString("row_version"), rs.getString("json")})
                .optional();
        if (row.isEmpty()) {
            arrays.saw(k, new ArrayElements.Seen(null, at));
            return null;
        }
        ArrayElements.Split split = arrays.split(row.get()[0], row.get()[1]);
        if (split == null) {
            split = ArrayElements.Split.notSplit(row.get()[0]);
        }
        arrays.put(k, split);
        arrays.saw(k, new ArrayElements.Seen(row.get()[0], at));
        return split;
    }

    /** The per-node split of stored arrays (for tests). */
    ArrayElements arrays() {
        return arrays;
    }

    private Optional<String> elementInDatabase(long runPk, String taskId, int mapIndex, String key, int index) {
        return jdbc.sql("""
                SELECT CAST(value -> :idx AS text) FROM xcom
                WHERE run_pk = :run AND task_id = :task AND map_index = :mi AND key = :key
                """)
                .param("idx", index).param("run", runPk).param("task", taskId).param("mi", mapIndex)
                .param("key", key).query(String.class).optional();
    }

    /** Length of a stored JSON array; empty when there is no value; -1 when the value is not an array. */
    public Optional<Integer> arrayLength(long runPk, String taskId, int mapIndex, String key) {
        return jdbc.sql("""
                SELECT CASE WHEN jsonb_typeof(value) = 'array' THEN jsonb_array_length(value) ELSE -1 END FROM xcom
                WHERE run_pk = :run AND task_id = :task AND map_index = :mi AND key = :key
                """)
                .param("run", runPk).param("task", taskId).param("mi", mapIndex).param("key", key)
                .query(Integer.class).optional();
    }
}
