package io.pipeline.web.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The exchange_calendars reference files (pipeline-core test resources, /calendars/reference/*.csv). */
public final class ReferenceCsv {

    private ReferenceCsv() {
    }

    public static List<String> lines(String file) {
        try (InputStream in = ReferenceCsv.class.getResourceAsStream("/calendars/reference/" + file)) {
            if (in == null) {
                throw new IllegalStateException("reference file " + file + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The header plus the rows whose session date lies in [from, to] (ISO dates compare as strings). */
    public static String range(String file, String from, String to) {
        List<String> lines = lines(file);
        StringBuilder out = new StringBuilder(lines.getFirst()).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            String date = line.substring(0, 10);
            if (date.compareTo(from) >= 0 && date.compareTo(to) <= 0) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }
}
