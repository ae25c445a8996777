package io.pipeline.web.ops.cli;

import io.pipeline.ops.BackfillProgress;

import java.io.PrintWriter;
import java.util.Objects;

/**
 * Shows a backfill's progress: on a terminal one bar redrawn in place, else one plain line each time the counts
 * change (so that a log file or CI output stays readable).
 */
public final class BackfillProgressPrinter {

    static final int BAR_WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private final long backfillId;
    private BackfillProgress last;

    public BackfillProgressPrinter(PrintWriter out, boolean terminal, long backfillId) {
        this.out = out;
        this.terminal = terminal;
        this.backfillId = backfillId;
    }

    public void update(BackfillProgress p) {
        if (Objects.equals(p, last)) {
            return;
        }
        last = p;
        if (terminal) {
            out.print("\r" + bar(p) + "\u001b[K");
        } else {
            out.println(line(backfillId, p));
        }
        out.flush();
    }

    /** Ends the bar's line on a terminal. */
    public void done() {
        if (terminal && last != null) {
            out.println();
            out.flush();
        }
    }

    /** {@code [#########.....................]  31% 780/2516 done, 3 running, 0 failed, 1733 left}. */
    static String bar(BackfillProgress p) {
        int finished = p.done() + p.failed();
        int filled = p.total() == 0 ? BAR_WIDTH : (int) ((long) finished * BAR_WIDTH / p.total());
        int percent = p.total() == 0 ? 100 : (int) ((long) finished * 100 / p.total());
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] "
                + String.format("%3d%%", percent) + " " + counts(p);
    }

    /** {@code backfill 7: 780/2516 done, 3 running, 0 failed, 1733 left}. */
    static String line(long backfillId, BackfillProgress p) {
        return "backfill " + backfillId + ": " + counts(p);
    }

    private static String counts(BackfillProgress p) {
        return p.done() + "/" + p.total() + " done, " + p.running() + " running, " + p.failed() + " failed, "
                + p.remaining() + " left";
    }
}
