package org.ser4j.audio;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.ser4j.util.BadInputException;

/**
 * Decodes many WAV files and collects every failure, so that one pass over a corpus lists all broken files
 * instead of stopping at the first. In fail-fast mode the first failure is thrown as it is.
 */
public final class AudioScan {
    /** One unreadable file and why. */
    public record BadFile(Path file, String problem) {}

    /** The outcome of a scan: how many files were checked, the total audio duration and the bad ones. */
    public record Report(int checked, double totalSeconds, List<BadFile> bad) {
        public boolean ok() {
            return bad.isEmpty();
        }
    }

    private AudioScan() {}

    /**
     * Fully decodes each file (a header check alone misses truncation inside the data), under the
     * {@link AudioLimits} in effect, so an implausible sample rate or an over-long file is listed as bad. Runs on the
     * common pool; the report lists bad files in input order.
     */
    public static Report scan(List<Path> files, boolean failFast) {
        // Resolved once: a malformed limit setting is one error, not a copy of it against every file.
        AudioLimits limits = AudioLimits.current();
        BadFile[] bad = new BadFile[files.size()];
        double[] seconds = new double[files.size()];
        AtomicBoolean stop = new AtomicBoolean();
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            if (stop.get()) {
                return;
            }
            try {
                Audio a = WavReader.read(files.get(i), limits);
                seconds[i] = a.durationSeconds();
            } catch (BadInputException e) {
                bad[i] = new BadFile(files.get(i), e.getMessage());
                if (failFast) {
                    stop.set(true);
                }
            }
        });
        List<BadFile> list = new ArrayList<>();
        for (BadFile b : bad) {
            if (b != null) {
                if (failFast) {
                    throw new BadInputException(b.problem());
                }
                list.add(b);
            }
        }
        double total = 0;
        for (double s : seconds) {
            total += s;
        }
        return new Report(files.size(), total, Collections.unmodifiableList(list));
    }
}
