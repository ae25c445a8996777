package io.pipeline.bench.marketdata;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.dags.marketdata.BarCsv;
import io.pipeline.dags.marketdata.BarLoader;
import io.pipeline.dags.marketdata.MinuteBar;
import io.pipeline.dags.marketdata.SimulatedBarProvider;
import io.pipeline.dags.marketdata.Ticker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Loads N minute bars (default 1,000,000) from one CSV into {@code bars_1m} with the production loader (one
 * transaction; on an empty key range the COPY goes straight into the table) and, for scale, COPYs the same CSV into a
 * plain table with no index, as {@code psql \copy} would. Embedded PostgreSQL with fsync, synchronous commit and
 * full-page writes ON. Each round runs the plain COPY and the load back to back on emptied tables; the ratio is the
 * median of the rounds' own ratios (robust on a shared machine), the rates are medians. Then a re-load over the
 * stored rows (every key stored: the staging-table upsert). Autovacuum is off so that it does not run into the next
 * round. Prints key=value lines; the CSV is written before any timing, so its generation is not measured.
 */
public final class BarsLoadBench {

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(System.getProperty("bars", "1000000"));
        int rounds = Integer.parseInt(System.getProperty("rounds", "3"));
        Path dir = Files.createTempDirectory("bars-bench");
        Path csv = dir.resolve("bars.csv");
        long generated = writeCsv(csv, rows);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("pg"))
                .setCleanDataDirectory(true)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                // autovacuum would wake up between rounds on the freshly loaded tables and skew whichever ran next
                .setServerConfig("autovacuum", "off")
                .start()) {
            DataSource ds = pg.getPostgresDatabase();
            Flyway.configure().dataSource(ds).locations("classpath:db/migration")
                    .configuration(java.util.Map.of("flyway.postgresql.transactional.lock", "false"))
                    .load().migrate();
            exec(ds, "CREATE TABLE bars_plain (LIKE bars_1m)");
            BarLoader loader = new BarLoader(ds);
            BarLoader.CsvInput input = new BarLoader.CsvInput() {
                public String name() {
                    return csv.toString();
                }

                public InputStream open() throws java.io.IOException {
                    return Files.newInputStream(csv);
                }
            };
            double[] load = new double[rounds];
            double[] plain = new double[rounds];
            double[] ratio = new double[rounds];
            BarLoader.Result[] results = new BarLoader.Result[rounds];
            for (int i = 0; i < rounds; i++) {
                exec(ds, "TRUNCATE bars_plain");
                exec(ds, "CHECKPOINT");
                plain[i] = seconds(() -> plainCopy(ds, csv));
                exec(ds, "TRUNCATE bars_1m");
                exec(ds, "CHECKPOINT");
                int round = i;
                load[i] = seconds(() -> results[round] = loader.loadMinuteBars(List.of(input)));
                ratio[i] = load[i] / plain[i];
                System.err.println("round " + i + ": plain copy " + fmt(plain[i]) + " s, load " + fmt(load[i]) + " s " + results[i]);
            }
            exec(ds, "CHECKPOINT");
            BarLoader.Result[] again = new BarLoader.Result[1];
            double reload = seconds(() -> again[0] = loader.loadMinuteBars(List.of(input)));
            System.err.println("reload " + fmt(reload) + " s " + again[0]);
            double loadS = median(load);
            double plainS = median(plain);
            System.out.println("bars_rows=" + generated);
            System.out.println("bars_load_s=" + fmt(loadS));
            System.out.println("bars_rows_per_s=" + Math.round(generated / loadS));
            System.out.println("bars_load_direct=" + results[0].direct());
            System.out.println("plain_copy_s=" + fmt(plainS));
            System.out.println("plain_copy_rows_per_s=" + Math.round(generated / plainS));
            System.out.println("ratio_to_plain_copy=" + fmt(median(ratio)));
            System.out.println("ratio_min_to_min=" + fmt(min(load) / min(plain)));
            System.out.println("reload_upsert_s=" + fmt(reload));
            System.out.println("reload_upsert_rows_per_s=" + Math.round(generated / reload));
            System.out.println("rounds=" + rounds);
            System.out.println("fsync=on");
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    /** Simulated bars of consecutive XNYS sessions for enough symbols to reach {@code rows}, cut at exactly rows. */
    static long writeCsv(Path csv, int rows) throws Exception {
        ExchangeCalendar xnys = Calendars.get("XNYS");
        SimulatedBarProvider sim = new SimulatedBarProvider(xnys, 1);
        List<LocalDate> sessions = xnys.sessionsInRange(LocalDate.of(2026, 1, 2), LocalDate.of(2026, 12, 31));
        long written = 0;
        try (OutputStream out = Files.newOutputStream(csv)) {
            out.write((BarCsv.MINUTE_HEADER + "\n").getBytes());
            for (int s = 0; written < rows; s++) {
                Ticker t = new Ticker("SYM" + s, "XNYS", null);
                for (LocalDate d : sessions) {
                    List<MinuteBar> bars = new ArrayList<>(sim.minuteBars(t, d));
                    if (written + bars.size() > rows) {
                        bars = bars.subList(0, (int) (rows - written));
                    }
                    byte[] chunk = BarCsv.minuteBars(bars);
                    int headerEnd = BarCsv.MINUTE_HEADER.length() + 1;
                    out.write(chunk, headerEnd, chunk.length - headerEnd);
                    written += bars.size();
                    if (written >= rows) {
                        break;
                    }
                }
            }
        }
        return written;
    }

    private static long plainCopy(DataSource ds, Path csv) throws Exception {
        try (Connection c = ds.getConnection(); InputStream in = Files.newInputStream(csv)) {
            return c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY bars_plain FROM STDIN WITH (FORMAT csv, HEADER true)", in, 1 << 16);
        }
    }

    private static void exec(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    interface Body {
        Object run() throws Exception;
    }

    private static double seconds(Body body) throws Exception {
        long t0 = System.nanoTime();
        body.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(double[] xs) {
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double min(double[] xs) {
        return Arrays.stream(xs).min().orElseThrow();
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
