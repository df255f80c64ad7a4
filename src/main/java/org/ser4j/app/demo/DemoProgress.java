package org.ser4j.app.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.ser4j.eval.RunLayout;
import org.ser4j.provenance.ProvenanceFiles;

/**
 * A progress bar over every fold of every planned system, redrawn every two seconds from the run folders
 * themselves (a fold counts when its {@code provenance.json} says DONE), so it also counts folds reused from an
 * earlier run. The ETA extrapolates from the folds finished since this run started.
 */
final class DemoProgress implements AutoCloseable {
    private static final int WIDTH = 30;

    private final List<SystemTask> tasks;
    private final PrintStream out;
    private final boolean console;
    private final long start = System.nanoTime();
    private final int total;
    private final int doneAtStart;
    private final Thread thread;
    private volatile boolean stop;
    private long lastPlainLine;

    DemoProgress(List<SystemTask> tasks, PrintStream out) {
        this.tasks = tasks;
        this.out = out;
        this.console = System.console() != null;
        this.total = tasks.stream().mapToInt(t -> t.folds().size()).sum();
        this.doneAtStart = countDone();
        this.thread = new Thread(this::loop, "demo-progress");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    int countDone() {
        int n = 0;
        for (SystemTask t : tasks) {
            for (int k : t.folds()) {
                Path p = RunLayout.foldDir(t.dir(), k).resolve(RunLayout.PROVENANCE);
                if (ProvenanceFiles.isDone(p)) {
                    n++;
                }
            }
        }
        return n;
    }

    int reusedAtStart() {
        return doneAtStart;
    }

    private void loop() {
        while (!stop) {
            draw(false);
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void draw(boolean last) {
        int done = countDone();
        double elapsed = (System.nanoTime() - start) / 1e9;
        int fresh = done - doneAtStart;
        String eta = fresh > 0 ? clock(elapsed / fresh * (total - done)) : "--:--";
        int filled = total == 0 ? WIDTH : (int) Math.round(WIDTH * (double) done / total);
        String line = String.format(Locale.ROOT, "demo [%s%s] %d/%d folds  elapsed %s  ETA %s", "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, clock(elapsed), eta);
        if (console) {
            out.print("\r" + line + (last ? "\n" : ""));
            out.flush();
        } else if (last || elapsed - lastPlainLine >= 30) {
            // no terminal (IDE console, CI log): a plain line every 30 s instead of carriage returns
            lastPlainLine = (long) elapsed;
            out.println(line);
        }
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw(true);
    }
}
