package io.pipeline.dags.marketdata;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BarCsvTest {

    private static final MinuteBar BAR = new MinuteBar("AAPL", Instant.parse("2026-11-20T14:30:00Z"), 1.5, 2.25, 0.5,
            1.75, 1200, "sim");

    @Test
    void minute_bars_written_read_back_equal() throws Exception {
        MinuteBar second = new MinuteBar("MSFT", Instant.parse("2026-11-20T14:31:00Z"), 3, 4, 2, 3.5, 7, "sim");
        String csv = new String(BarCsv.minuteBars(List.of(BAR, second)), StandardCharsets.UTF_8);

        assertThat(csv).isEqualTo(BarCsv.MINUTE_HEADER + "\n"
                + "AAPL,2026-11-20T14:30:00Z,1.5,2.25,0.5,1.75,1200,sim\n"
                + "MSFT,2026-11-20T14:31:00Z,3.0,4.0,2.0,3.5,7,sim\n");
        assertThat(BarCsv.readMinuteBars("bars.csv", new StringReader(csv))).containsExactly(BAR, second);
    }

    @Test
    void skips_blank_lines_and_reads_a_last_line_without_a_line_break() throws Exception {
        String csv = BarCsv.MINUTE_HEADER + "\n\n   \nAAPL,2026-11-20T14:30:00Z,1.5,2.25,0.5,1.75,1200,sim";

        assertThat(BarCsv.readMinuteBars("bars.csv", new StringReader(csv))).containsExactly(BAR);
    }

    @Test
    void a_bad_value_names_the_source_the_line_and_the_column() {
        String csv = BarCsv.MINUTE_HEADER + "\n"
                + "AAPL,2026-11-20T14:30:00Z,1.5,2.25,0.5,1.75,1200,sim\n"
                + "\n"
                + "AAPL,2026-11-20T14:31:00Z,1.5,2.25,0.5,abc,1200,sim";

        assertThatThrownBy(() -> BarCsv.readMinuteBars("bars.csv", new StringReader(csv)))
                .hasMessage("bars.csv: line 4: column 'close' is not a number: 'abc'");
        assertThatThrownBy(() -> BarCsv.readMinuteBars("bars.csv",
                new StringReader(csv.replace("14:31:00Z", "14:31"))))
                .hasMessage("bars.csv: line 4: column 'ts' is not an ISO instant: '2026-11-20T14:31'");
        assertThatThrownBy(() -> BarCsv.readMinuteBars("bars.csv",
                new StringReader(csv.replace("1.75,1200", "1.75,1e3"))))
                .hasMessage("bars.csv: line 2: column 'volume' is not an integer: '1e3'");
    }

    @Test
    void a_row_with_the_wrong_number_of_columns_or_a_wrong_header_is_refused_naming_the_line() {
        assertThatThrownBy(() -> BarCsv.readMinuteBars("bars.csv", new StringReader(BarCsv.MINUTE_HEADER
                + "\nAAPL,2026-11-20T14:30:00Z,1.5\n")))
                .hasMessage("bars.csv: line 2: expected 8 columns, found 3");
        assertThatThrownBy(() -> BarCsv.readMinuteBars("bars.csv", new StringReader("symbol,ts\nAAPL,x\n")))
                .hasMessage("bars.csv: line 1: expected header '" + BarCsv.MINUTE_HEADER + "' but found 'symbol,ts'");
        assertThatThrownBy(() -> BarCsv.readMinuteBars("bars.csv", new StringReader("")))
                .hasMessageStartingWith("bars.csv: line 1: expected header");
    }

    @Test
    void an_unclosed_quote_names_the_source_and_a_line() {
        String csv = BarCsv.MINUTE_HEADER + "\nAAPL,2026-11-20T14:30:00Z,1.5,2.25,0.5,1.75,1200,\"sim\n";

        assertThatThrownBy(() -> BarCsv.readMinuteBars("bars.csv", new StringReader(csv)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bars.csv: line ");
    }
}
