package io.pipeline.web.ops;

import io.pipeline.ops.BackfillProgress;
import io.pipeline.web.ops.cli.BackfillProgressPrinter;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The backfill progress display: a bar redrawn in place on a terminal, one line per change otherwise. */
class BackfillProgressPrinterTest {

    @Test
    void without_a_terminal_it_prints_one_plain_line_per_change() {
        StringWriter text = new StringWriter();
        BackfillProgressPrinter p = new BackfillProgressPrinter(new PrintWriter(text), false, 7);

        p.update(new BackfillProgress(2516, 0, 3, 0, 2513, 0));
        p.update(new BackfillProgress(2516, 0, 3, 0, 2513, 0));
        p.update(new BackfillProgress(2516, 780, 3, 2, 1731, 0));
        p.done();

        assertThat(text.toString().lines()).containsExactly(
                "backfill 7: 0/2516 done, 3 running, 0 failed, 2513 left",
                "backfill 7: 780/2516 done, 3 running, 2 failed, 1731 left");
    }

    @Test
    void on_a_terminal_it_redraws_one_bar_and_ends_the_line_when_done() {
        StringWriter text = new StringWriter();
        BackfillProgressPrinter p = new BackfillProgressPrinter(new PrintWriter(text), true, 7);

        p.update(new BackfillProgress(10, 2, 1, 1, 6, 0));
        p.update(new BackfillProgress(10, 10, 0, 0, 0, 0));
        p.done();

        assertThat(text.toString()).isEqualTo(
                "\r[#########.....................]  30% 2/10 done, 1 running, 1 failed, 6 left\u001b[K"
                + "\r[##############################] 100% 10/10 done, 0 running, 0 failed, 0 left\u001b[K"
                + System.lineSeparator());
    }
}
