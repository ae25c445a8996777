package io.pipeline.dags.marketdata;

import io.pipeline.task.io.RecordingLogger;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TickerFileTest {

    @Test
    void reads_symbols_exchanges_and_optional_quoted_names_skipping_comments() throws Exception {
        TickerFile f = TickerFile.parse("t.csv", new StringReader("""
                # our universe
                symbol,exchange,name
                aapl,XNAS,Apple Inc.
                JPM,XNYS,"JPMorgan Chase & Co., N.A."

                BRK.B,XNYS
                """));

        assertThat(f.errors()).isEmpty();
        assertThat(f.tickers()).containsExactly(new Ticker("AAPL", "XNAS", "Apple Inc."),
                new Ticker("JPM", "XNYS", "JPMorgan Chase & Co., N.A."), new Ticker("BRK.B", "XNYS", null));
    }

    @Test
    void reports_invalid_rows_with_their_line_numbers_and_fails_beyond_the_tolerance() throws Exception {
        TickerFile f = TickerFile.parse("tickers.csv", new StringReader("""
                symbol,exchange
                AAPL,XNAS
                BAD SYMBOL,XNYS
                MSFT
                AAPL,XNAS
                KO,x1
                """));
        RecordingLogger log = new RecordingLogger();

        assertThat(f.errors()).extracting(TickerFile.RowError::line).containsExactly(3, 4, 5, 6);
        assertThat(f.errors().get(2).message()).contains("duplicate symbol AAPL");
        assertThatThrownBy(() -> f.requireValid(0, log))
                .hasMessageContaining("tickers.csv: 4 invalid row(s), tolerance 0")
                .hasMessageContaining("line 3: invalid symbol 'BAD SYMBOL'");
        assertThat(log.text()).contains("line 4: expected 2 or 3 columns").contains("line 6: invalid exchange 'X1'");

        assertThat(f.requireValid(4, new RecordingLogger())).extracting(Ticker::symbol).containsExactly("AAPL");
    }

    @Test
    void counts_comment_blank_and_last_lines_and_reads_doubled_quotes_inside_a_quoted_name() throws Exception {
        TickerFile f = TickerFile.parse("t.csv", new StringReader(
                "  # leading comment\n\nsymbol , exchange, name\nKO,XNYS, \"The \"\"Coca-Cola\"\" Company\" \n\n  \nbad!,XNYS"));

        assertThat(f.tickers()).containsExactly(new Ticker("KO", "XNYS", "The \"Coca-Cola\" Company"));
        assertThat(f.errors()).extracting(TickerFile.RowError::line).containsExactly(7);
    }

    @Test
    void rejects_a_file_without_the_header_naming_the_line() {
        assertThatThrownBy(() -> TickerFile.parse("t.csv", new StringReader("AAPL,XNAS\n")))
                .hasMessageContaining("t.csv: line 1: expected header");
    }

    @Test
    void the_shipped_sample_file_is_valid() throws Exception {
        try (var in = getClass().getResourceAsStream("/marketdata/sample-tickers.csv")) {
            TickerFile f = TickerFile.parse("sample", new InputStreamReader(in, StandardCharsets.UTF_8));
            assertThat(f.errors()).isEmpty();
            assertThat(f.tickers()).hasSizeGreaterThanOrEqualTo(5);
        }
    }
}
