package io.pipeline.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogSafeTest {

    @Test
    void escapes_line_breaks_and_other_control_characters() {
        assertThat(LogSafe.of("alice\r\n2026-01-01 INFO forged")).isEqualTo("alice\\r\\n2026-01-01 INFO forged");
        assertThat(LogSafe.of("a\tb\u0000c\u001bd\u2028e\u0085f")).isEqualTo("a\\tb\\u0000c\\u001bd\\u2028e\\u0085f");
    }

    @Test
    void leaves_ordinary_names_alone_and_cuts_very_long_ones() {
        assertThat(LogSafe.of("jörg.müller@example.com")).isEqualTo("jörg.müller@example.com");
        assertThat(LogSafe.of(null)).isEqualTo("null");
        assertThat(LogSafe.of("x".repeat(500))).isEqualTo("x".repeat(LogSafe.MAX_LENGTH) + "...");
    }
}
