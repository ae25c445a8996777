package io.pipeline.dags.marketdata;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Records of a CSV input (Commons CSV) with the line each ends on, for errors that name the source and the line.
 * The input is read as if it ended with a line break, so that the parser's line count is exact for the last record
 * too; a record that spans lines (a quoted line break) is named by its last line.
 */
final class CsvSource implements AutoCloseable {

    /** A record and the line it ends on. */
    record Row(CSVRecord record, long line) {

        int size() {
            return record.size();
        }

        String get(int i) {
            return record.get(i);
        }

        /** The cells joined by commas, to quote a bad line back to the user. */
        String text() {
            return String.join(",", record.values());
        }

        /** A line of white space only. */
        boolean isBlank() {
            return record.size() == 1 && record.get(0).isBlank();
        }
    }

    private final String source;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;

    CsvSource(String source, Reader reader, CSVFormat format) throws IOException {
        this.source = source;
        this.parser = format.parse(new LineTerminated(reader));
        this.records = parser.iterator();
    }

    /** The next record, or null at the end; malformed CSV (an unclosed quote) fails naming the source and line. */
    Row next() {
        try {
            if (!records.hasNext()) {
                return null;
            }
            CSVRecord record = records.next();
            return new Row(record, parser.getCurrentLineNumber());
        } catch (UncheckedIOException | IllegalStateException | NoSuchElementException e) {
            throw new IllegalArgumentException(source + ": line " + (parser.getCurrentLineNumber() + 1) + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /** The reader, then one line break. */
    private static final class LineTerminated extends Reader {
        private final Reader in;
        private boolean ended;

        LineTerminated(Reader in) {
            this.in = in;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = in.read(buf, off, len);
            if (n >= 0) {
                return n;
            }
            ended = true;
            buf[off] = '\n';
            return 1;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
