package io.pipeline.web.cli;

import io.pipeline.web.testing.JavaProcess;
import io.pipeline.web.testing.ReferenceCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calendar commands as a user runs them: {@code java -jar ... calendar ...} in a child JVM, through the jar's
 * Main-Class, with nothing on the class path but the application's classes, picocli and pipeline-core: no Spring,
 * no database.
 */
class CalendarCliProcessTest {

    @TempDir
    Path dir;

    @Test
    void java_jar_calendar_sessions_prints_the_reference_rows_and_exits_0() {
        Path jar = JavaProcess.lightLauncherJar(dir);

        JavaProcess.Result r = JavaProcess.javaJar(jar, Map.of(), Duration.ofSeconds(60),
                "calendar", "sessions", "--calendar", "XLON", "--from", "1990-01-02", "--to", "2022-12-30");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo(ReferenceCsv.range("xlon.csv", "1990-01-02", "2022-12-30"));
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void java_jar_with_bad_input_exits_2_with_the_reason_on_stderr_and_starts_no_service() {
        Path jar = JavaProcess.lightLauncherJar(dir);

        JavaProcess.Result r = JavaProcess.javaJar(jar, Map.of(), Duration.ofSeconds(60),
                "calendar", "sessions", "--calendar", "NOPE", "--from", "2020-01-01", "--to", "2020-01-31");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("unknown calendar 'NOPE'").contains("XNYS");
        assertThat(r.stdout()).isEmpty();
        assertThat(r.output()).doesNotContain("Spring").doesNotContain("Tomcat");
    }
}
