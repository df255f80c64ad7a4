package org.ser4j.app.demo;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output without SameDiff M2.1's "Added differentiated op ..." lines, which it prints with
 * {@code System.out.println} (no logger to silence) every time a training graph gets its gradient function: hundreds
 * per fold, which would bury the demo's progress bar. Every other line passes through unchanged.
 */
final class ChatterFilter extends OutputStream {
    private static final String CHATTER = "Added differentiated op";

    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private ChatterFilter(PrintStream target) {
        this.target = target;
    }

    /** Replaces {@code System.out} with a filtered stream; returns the original for the caller's own output. */
    static PrintStream install() {
        PrintStream original = System.out;
        System.setOut(new PrintStream(new ChatterFilter(original), true, StandardCharsets.UTF_8));
        return original;
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
            flushLine();
        }
    }

    private void flushLine() {
        String s = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (!s.startsWith(CHATTER)) {
            target.print(s);
        }
    }

    @Override
    public synchronized void flush() {
        // a partial line (e.g. a progress bar ending in \r) passes through as soon as it is flushed
        if (line.size() > 0 && !line.toString(StandardCharsets.UTF_8).startsWith(CHATTER.substring(0,
                Math.min(CHATTER.length(), line.size())))) {
            flushLine();
        }
        target.flush();
    }
}
