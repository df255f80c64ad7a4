package org.ser4j.train;

import java.io.PrintStream;
import java.util.Locale;

/** One self-overwriting status line on stderr: steps, rate, ETA, last loss and the latest evaluation UAR. */
final class ProgressBar {
    private final PrintStream out;
    private final String label;
    private final int total;
    private final long startNanos = System.nanoTime();
    private final int startStep;
    private long lastPrint;

    ProgressBar(PrintStream out, String label, int startStep, int total) {
        this.out = out;
        this.label = label;
        this.startStep = startStep;
        this.total = total;
    }

    void update(int step, double loss, double uar, boolean force) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastPrint < 250_000_000L) {
            return;
        }
        lastPrint = now;
        double secs = (now - startNanos) / 1e9;
        int done = step - startStep;
        double rate = done > 0 ? done / secs : 0;
        long eta = rate > 0 ? Math.round((total - step) / rate) : -1;
        int width = 24;
        int filled = (int) Math.round(width * (double) step / total);
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        out.print(String.format(Locale.ROOT, "\r%s [%s] %d/%d %.2f it/s ETA %s loss %.4f UAR %s   ", label, bar,
                step, total, rate, eta < 0 ? "?" : formatSeconds(eta), loss,
                Double.isNaN(uar) ? "-" : String.format(Locale.ROOT, "%.4f", uar)));
        if (step >= total) {
            out.println();
        }
        out.flush();
    }

    static String formatSeconds(long s) {
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
