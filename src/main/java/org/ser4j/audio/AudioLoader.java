package org.ser4j.audio;

import java.nio.file.Path;

/** Reads a WAV file as the model wants it: mono, 16 kHz, float (docs/contracts.md §1: resampling happens first). */
public final class AudioLoader {
    public static final int TARGET_RATE = 16_000;

    private AudioLoader() {}

    /** Read + downmix + resample to 16 kHz. */
    public static float[] load16k(Path file) {
        Audio a = WavReader.read(file);
        return Resampler.resample(a.samples(), a.sampleRate(), TARGET_RATE);
    }

    /** Number of samples a file of {@code frames} frames at {@code rate} has after resampling to 16 kHz. */
    public static int lengthAt16k(long frames, int rate) {
        if (rate == TARGET_RATE) {
            return Math.toIntExact(frames);
        }
        int a = rate;
        int b = TARGET_RATE;
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        long up = TARGET_RATE / a;
        long down = rate / a;
        return Math.toIntExact((frames * up + down - 1) / down);
    }
}
