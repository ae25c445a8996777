package io.pipeline.dags.marketdata;

import org.slf4j.Logger;

import java.io.BufferedReader;
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
        BufferedReader in = new BufferedReader(reader);
        String line;
        int number = 0;
        boolean header = false;
        while ((line = in.readLine()) != null) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            List<String> cells = splitCsv(text);
            if (!header) {
                header = true;
                if (!cells.get(0).equalsIgnoreCase("symbol") || cells.size() < 2 || !cells.get(1).equalsIgnoreCase("exchange")) {
                    throw new IllegalArgumentException(source + ": line " + number
                            + ": expected header 'symbol,exchange[,name]' but found '" + text + "'");
                }
                continue;
            }
            if (cells.size() < 2 || cells.size() > 3) {
                errors.add(new RowError(number, "expected 2 or 3 columns, found " + cells.size() + ": '" + text + "'"));
                continue;
            }
            try {
                Ticker t = new Ticker(cells.get(0).toUpperCase(Locale.ROOT), cells.get(1).toUpperCase(Locale.ROOT),
                        cells.size() == 3 ? cells.get(2) : null);
                if (!seen.add(t.symbol())) {
                    errors.add(new RowError(number, "duplicate symbol " + t.symbol()));
                } else {
                    tickers.add(t);
                }
            } catch (IllegalArgumentException e) {
                errors.add(new RowError(number, e.getMessage()));
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

    static List<String> splitCsv(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }
}
