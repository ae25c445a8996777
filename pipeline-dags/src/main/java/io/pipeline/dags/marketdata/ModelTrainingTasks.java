package io.pipeline.dags.marketdata;

import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.objects.ObjectStore;
import io.pipeline.task.PermanentFailure;
import io.pipeline.task.TaskContext;
import io.pipeline.task.emr.EmrClusterSpec;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tasks of {@code model_training_emr}: the session's training window of {@code bars_1d} is written to the
 * object store ({@code bars_1d/<session>/bars_1d.csv}), an EMR cluster made for the try runs the training
 * application over that prefix and writes {@code models/<session>/model.json}, and the last task checks that the
 * model is there. EMR reads and writes the object store itself, so the store must be S3.
 */
public final class ModelTrainingTasks {

    /** Params of the DAG that the cluster definition reads. */
    public static final String SESSION = "session";
    public static final String LOOKBACK_SESSIONS = "lookback_sessions";
    public static final String TRAINING_APP = "training_app";
    public static final String RELEASE_LABEL = "release_label";
    public static final String INSTANCE_TYPE = "instance_type";
    public static final String INSTANCE_COUNT = "instance_count";
    public static final String LOG_URI = "log_uri";

    private ModelTrainingTasks() {
    }

    /** Not a store EMR can reach: no retry helps until the configuration changes. */
    public static final class NotOnS3Exception extends IllegalStateException implements PermanentFailure {
        NotOnS3Exception(String message) {
            super(message);
        }
    }

    /** The session the run trains on: param {@code session} when given, else the run's (as every market-data DAG). */
    public static LocalDate session(TaskContext ctx) {
        String given = ctx.param(SESSION, String.class);
        if (given == null || given.isBlank()) {
            return MarketData.session(ctx);
        }
        try {
            LocalDate d = LocalDate.parse(given.trim());
            ExchangeCalendar cal = MarketData.calendar();
            return cal.isSession(d) ? d : cal.previousSession(d);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("param session: '" + given + "' is not a date YYYY-MM-DD");
        }
    }

    public static String barsPrefix(LocalDate session) {
        return "bars_1d/" + session + "/";
    }

    public static String barsKey(LocalDate session) {
        return barsPrefix(session) + "bars_1d.csv";
    }

    public static String modelKey(LocalDate session) {
        return "models/" + session + "/model.json";
    }

    /** Where the session's bars prefix is, ending in {@code /} (a store locates keys, and a prefix is not one). */
    static String barsLocation(ObjectStore store, LocalDate session) {
        String file = store.location(barsKey(session));
        return file.substring(0, file.lastIndexOf('/') + 1);
    }

    /** Writes the window of daily bars ending at the session; fails when the session itself has no bars. */
    public static Map<String, Object> exportBars(TaskContext ctx) throws Exception {
        LocalDate session = session(ctx);
        Integer lookback = ctx.param(LOOKBACK_SESSIONS, Integer.class);
        LocalDate start = MarketData.calendar().sessionOffset(session, -((lookback == null ? 252 : lookback) - 1));
        List<DailyBar> bars = bars(MarketData.database(ctx), start, session);
        if (bars.stream().noneMatch(b -> b.date().equals(session))) {
            throw new IllegalStateException("bars_1d holds no bars for session " + session
                    + ": run daily_bars for it first");
        }
        ObjectStore store = ctx.resource(ObjectStore.class);
        String key = barsKey(session);
        store.put(key, BarCsv.dailyBars(bars));
        long symbols = bars.stream().map(DailyBar::symbol).distinct().count();
        ctx.log().info("{} daily bar(s) of {} symbol(s), sessions {}..{}, written to {}", bars.size(), symbols, start,
                session, store.location(key));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bars", barsLocation(store, session));
        out.put("rows", bars.size());
        return out;
    }

    /**
     * The cluster of one try: named after the DAG and run, one Spark step running the training application over
     * the session's bars prefix, writing the model's location.
     */
    public static EmrClusterSpec cluster(TaskContext ctx) {
        LocalDate session = session(ctx);
        ObjectStore store = ctx.resource(ObjectStore.class);
        String bars = barsLocation(store, session);
        String model = store.location(modelKey(session));
        if (!bars.startsWith("s3://")) {
            throw new NotOnS3Exception("EMR reads its input from S3, but the object store is " + bars
                    + ": set PIPELINE_CONN_OBJECT_STORE to an s3:// bucket");
        }
        Integer count = ctx.param(INSTANCE_COUNT, Integer.class);
        String type = ctx.param(INSTANCE_TYPE, String.class);
        EmrClusterSpec.Builder b = EmrClusterSpec.named("{dag_id}-{run_id}")
                .releaseLabel(ctx.param(RELEASE_LABEL, String.class))
                .instances(type, type, count == null ? 3 : count)
                .sparkStep("train", ctx.param(TRAINING_APP, String.class), "--session", session.toString(),
                        "--bars", bars, "--model", model)
                .tag("pipeline:purpose", "model-training");
        String logUri = ctx.param(LOG_URI, String.class);
        if (logUri != null && !logUri.isBlank()) {
            b.logUri(logUri);
        }
        return b.build();
    }

    /** The model the step was to write: present and not empty, else the task fails naming where it looked. */
    public static Map<String, Object> checkModel(TaskContext ctx) {
        LocalDate session = session(ctx);
        ObjectStore store = ctx.resource(ObjectStore.class);
        String key = modelKey(session);
        if (!store.exists(key)) {
            throw new IllegalStateException("the training step completed but wrote no model at "
                    + store.location(key));
        }
        int size = store.get(key).length;
        if (size == 0) {
            throw new IllegalStateException("the model at " + store.location(key) + " is empty");
        }
        ctx.log().info("model {} ({} bytes)", store.location(key), size);
        return Map.of("model", store.location(key), "bytes", size);
    }

    private static List<DailyBar> bars(DataSource ds, LocalDate start, LocalDate end) throws Exception {
        List<DailyBar> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT symbol, session_date, open, high, low, close, adjusted_close, volume, source
                FROM bars_1d WHERE session_date BETWEEN ? AND ? ORDER BY symbol, session_date""")) {
            ps.setObject(1, start);
            ps.setObject(2, end);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double adjusted = rs.getDouble(7);
                    out.add(new DailyBar(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getDouble(3),
                            rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), rs.wasNull() ? null : adjusted,
                            rs.getLong(8), rs.getString(9)));
                }
            }
        }
        return out;
    }
}
