package io.pipeline.dags.marketdata;

import io.pipeline.calendar.Calendars;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BarLoaderTest {

    private static com.zaxxer.hikari.HikariDataSource ds;
    private final SimulatedBarProvider sim = new SimulatedBarProvider(Calendars.get("XNYS"), 11);
    private final Ticker aapl = new Ticker("AAPL", "XNAS", null);
    private final Ticker msft = new Ticker("MSFT", "XNAS", null);

    record Input(String name, byte[] bytes) implements BarLoader.CsvInput {
        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }
    }

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(BarLoaderTest.class);
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE bars_1m, bars_1d");
        }
    }

    private Input minutes(Ticker t, String session) {
        return new Input("raw/" + session + "/" + t.symbol() + ".csv",
                BarCsv.minuteBars(sim.minuteBars(t, LocalDate.parse(session))));
    }

    @Test
    void loads_minute_bars_from_several_files_and_a_rerun_gives_the_same_table() throws Exception {
        List<Input> inputs = List.of(minutes(aapl, "2026-11-19"), minutes(aapl, "2026-11-20"), minutes(msft, "2026-11-20"));

        BarLoader.Result first = new BarLoader(ds).loadMinuteBars(inputs);
        String before = dump("SELECT * FROM bars_1m ORDER BY symbol, ts");
        BarLoader.Result second = new BarLoader(ds).loadMinuteBars(inputs);

        assertThat(first.rows()).isEqualTo(3 * 390);
        assertThat(first.inserted()).isEqualTo(3 * 390);
        assertThat(first.direct()).as("nothing stored yet: COPY straight into the table").isTrue();
        assertThat(second.direct()).as("every key stored: through the staging table").isFalse();
        assertThat(second.rows()).isEqualTo(3 * 390);
        assertThat(second.inserted()).isZero();
        assertThat(second.updated()).as("identical bars are not rewritten").isZero();
        assertThat(count("bars_1m")).isEqualTo(3 * 390);
        assertThat(dump("SELECT * FROM bars_1m ORDER BY symbol, ts")).isEqualTo(before);
        assertThat(dump("SELECT DISTINCT source FROM bars_1m")).isEqualTo("simulated\n");
    }

    @Test
    void new_bars_copied_before_a_stored_one_is_met_are_undone_and_loaded_once_through_staging() throws Exception {
        new BarLoader(ds).loadMinuteBars(List.of(minutes(aapl, "2026-11-19")));
        MinuteBar stored = sim.minuteBars(aapl, LocalDate.parse("2026-11-19")).getLast();
        MinuteBar corrected = new MinuteBar("AAPL", stored.ts(), stored.open(), stored.high(), stored.low(), stored.close(),
                stored.volume() + 1, "vendor_fix");

        BarLoader.Result mixed = new BarLoader(ds).loadMinuteBars(List.of(minutes(aapl, "2026-11-20"),
                new Input("fix.csv", BarCsv.minuteBars(List.of(corrected)))));

        assertThat(mixed.direct()).isFalse();
        assertThat(mixed.rows()).isEqualTo(391);
        assertThat(mixed.inserted()).isEqualTo(390);
        assertThat(mixed.updated()).isEqualTo(1);
        assertThat(count("bars_1m")).isEqualTo(2 * 390);
        assertThat(dump("SELECT volume, source FROM bars_1m WHERE ts = '" + stored.ts() + "'"))
                .isEqualTo((stored.volume() + 1) + "|vendor_fix\n");
    }

    @Test
    void an_upsert_replaces_changed_values() throws Exception {
        new BarLoader(ds).loadMinuteBars(List.of(minutes(aapl, "2026-11-20")));
        MinuteBar first = sim.minuteBars(aapl, LocalDate.parse("2026-11-20")).getFirst();
        MinuteBar corrected = new MinuteBar("AAPL", first.ts(), first.open(), first.high() + 1, first.low(), first.close(),
                999, "vendor_fix");

        new BarLoader(ds).loadMinuteBars(List.of(new Input("fix.csv", BarCsv.minuteBars(List.of(corrected)))));

        assertThat(count("bars_1m")).isEqualTo(390);
        assertThat(dump("SELECT count(*) FROM bars_1m WHERE source = 'vendor_fix'")).isEqualTo("1\n");
        assertThat(dump("SELECT volume, source FROM bars_1m WHERE ts = '" + first.ts() + "'")).isEqualTo("999|vendor_fix\n");
    }

    @Test
    void a_bad_row_in_any_file_fails_the_load_naming_the_file_and_leaves_nothing() throws Exception {
        byte[] bad = (BarCsv.MINUTE_HEADER + "\nAAPL,2026-11-20T14:30:00Z,1,2,0.5,1.5,notanumber,x\n")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new BarLoader(ds).loadMinuteBars(List.of(minutes(msft, "2026-11-20"), new Input("raw/bad.csv", bad))))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("COPY of raw/bad.csv failed")
                .hasMessageContaining("notanumber");
        assertThat(count("bars_1m")).isZero();
    }

    @Test
    void duplicate_bars_in_the_input_fail_the_load_naming_the_first_duplicate_and_leave_nothing() throws Exception {
        Input once = minutes(aapl, "2026-11-20");

        assertThatThrownBy(() -> new BarLoader(ds).loadMinuteBars(List.of(once, once)))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("duplicate bars in the load input for bars_1m")
                .hasMessageContaining("(symbol, ts)=(AAPL, 2026-11-20");
        assertThat(count("bars_1m")).isZero();
    }

    @Test
    void duplicates_of_bars_already_stored_are_rejected_too() throws Exception {
        new BarLoader(ds).loadMinuteBars(List.of(minutes(aapl, "2026-11-20")));
        Input once = minutes(aapl, "2026-11-20");

        assertThatThrownBy(() -> new BarLoader(ds).loadMinuteBars(List.of(once, once)))
                .hasMessageContaining("duplicate bars in the load input");
        assertThat(count("bars_1m")).isEqualTo(390);
    }

    @Test
    void loads_daily_bars_with_upsert() throws Exception {
        var days = sim.dailyBars(aapl, LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-27"));
        Input in = new Input("daily.csv", BarCsv.dailyBars(days));

        new BarLoader(ds).loadDailyBars(List.of(in));
        new BarLoader(ds).loadDailyBars(List.of(in));

        assertThat(count("bars_1d")).isEqualTo(days.size()).isEqualTo(19);
        assertThat(dump("SELECT session_date, close FROM bars_1d WHERE session_date = '2026-11-27'"))
                .isEqualTo("2026-11-27|" + days.getLast().close() + "\n");
    }

    private long count(String table) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String dump(String sql) throws SQLException {
        StringBuilder b = new StringBuilder();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                b.append(String.join("|", row)).append('\n');
            }
        }
        return b.toString();
    }
}
