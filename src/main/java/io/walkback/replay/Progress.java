package io.walkback.replay;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows how a replay is going. On a terminal: a bar redrawn in place (records, records/s, ETA). Elsewhere
 * (CI, pipes, logs): a plain line every ten seconds, so long replays still show life without flooding.
 */
public final class Progress {

    private static final long TERMINAL_REDRAW_NANOS = 200_000_000L;
    private static final long PLAIN_LINE_NANOS = 10_000_000_000L;
    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long lastShownNanos = startNanos;

    public Progress(PrintStream out, boolean terminal, long total) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
    }

    /** True when stdout is an interactive terminal and not a CI log. */
    public static boolean onTerminal() {
        return System.console() != null && System.getenv("CI") == null;
    }

    public static Progress silent() {
        return new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()), false, 0);
    }

    public void update(long done) {
        long now = System.nanoTime();
        if (now - lastShownNanos < (terminal ? TERMINAL_REDRAW_NANOS : PLAIN_LINE_NANOS)) {
            return;
        }
        lastShownNanos = now;
        out.print(terminal ? "\r" + render(done, now) : render(done, now) + System.lineSeparator());
        out.flush();
    }

    public void finish(long done) {
        if (terminal) {
            out.print("\r" + render(done, System.nanoTime()) + System.lineSeparator());
            out.flush();
        }
    }

    String render(long done, long now) {
        double seconds = Math.max(now - startNanos, 1) / 1e9;
        double rate = done / seconds;
        double fraction = total == 0 ? 1.0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        String eta = rate > 0 ? formatSeconds((total - done) / rate) : "?";
        return String.format(Locale.ROOT, "[%s%s] %,d/%,d records  %,.0f rec/s  ETA %s",
                "#".repeat(filled), "-".repeat(BAR_WIDTH - filled), done, total, rate, eta);
    }

    private static String formatSeconds(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? (s / 3600) + "h" + (s % 3600 / 60) + "m" : s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }
}
