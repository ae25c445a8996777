package io.pipeline.dags.marketdata;

import org.apache.commons.csv.CSVFormat;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tickers CSV: header {@code symbol,exchange[,name]}, one ticker per line, {@code #} comments and blank lines
 * ignored; a name may be quoted to carry commas. Invalid rows are collected with their line numbers.
 */
public record TickerFile(String source, List<Ticker> tickers, List<RowError> errors) {

    /** Cells trimmed (inside quotes too, as names are); {@code #} starts a comment line. */
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setCommentMarker('#')
            .setIgnoreSurroundingSpaces(true).setTrim(true).setIgnoreEmptyLines(true).get();

    public record RowError(int line, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }

    public TickerFile {
        tickers = List.copyOf(tickers);
        errors = List.copyOf(errors);
    }

    public static TickerFile parse(String source, Reader reader) throws IOException {
        List<Ticker> tickers = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean header = false;
        try (CsvSource csv = new CsvSource(source, reader, FORMAT)) {
            for (CsvSource.Row row = csv.next(); row != null; row = csv.next()) {
                if (row.isBlank() || row.get(0).startsWith("#")) {
                    continue;
                }
                int number = Math.toIntExact(row.line());
                if (!header) {
                    header = true;
                    if (!row.get(0).equalsIgnoreCase("symbol") || row.size() < 2
                            || !row.get(1).equalsIgnoreCase("exchange")) {
                        throw new IllegalArgumentException(source + ": line " + number
                                + ": expected header 'symbol,exchange[,name]' but found '" + row.text() + "'");
                    }
                    continue;
                }
                if (row.size() < 2 || row.size() > 3) {
                    errors.add(new RowError(number, "expected 2 or 3 columns, found " + row.size() + ": '"
                            + row.text() + "'"));
                    continue;
                }
                try {
                    Ticker t = new Ticker(row.get(0).toUpperCase(Locale.ROOT), row.get(1).toUpperCase(Locale.ROOT),
                            row.size() == 3 ? row.get(2) : null);
                    if (!seen.add(t.symbol())) {
                        errors.add(new RowError(number, "duplicate symbol " + t.symbol()));
                    } else {
                        tickers.add(t);
                    }
                } catch (IllegalArgumentException e) {
                    errors.add(new RowError(number, e.getMessage()));
                }
            }
        }
        if (!header) {
            throw new IllegalArgumentException(source + ": empty tickers file (expected header 'symbol,exchange[,name]')");
        }
        return new TickerFile(source, tickers, errors);
    }

    /**
     * Logs every invalid row and fails, naming the file and the rows, when there are more than {@code tolerance};
     * returns the valid tickers otherwise.
     */
    public List<Ticker> requireValid(int tolerance, Logger log) {
        errors.forEach(e -> log.warn("{}: invalid ticker row, {}", source, e));
        if (errors.size() > tolerance) {
            throw new IllegalArgumentException(source + ": " + errors.size() + " invalid row(s), tolerance " + tolerance
                    + ": " + errors.stream().limit(10).map(RowError::toString).toList());
        }
        if (tickers.isEmpty()) {
            throw new IllegalArgumentException(source + ": no valid tickers");
        }
        return tickers;
    }
}
