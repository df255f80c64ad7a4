package org.ser4j.train;

import java.util.List;
import java.util.Random;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Crops and pads utterances into a {@link Batch}. Training crops take a random offset from the given generator (one
 * generator per batch, seeded from the step, so a resumed run crops identically); evaluation crops start at 0.
 */
final class BatchAssembler {
    private BatchAssembler() {}

    /** Waveform batches (rows of one sample), as before {@link InputSource} existed; used by tests and dry runs. */
    static Batch assemble(List<Example> examples, WaveformSource source, int maxSamples, Random cropRng,
                          boolean normalize) {
        return assemble(examples, InputSource.waveforms(source, normalize), maxSamples, cropRng);
    }

    /**
     * @param maxSamples crop length in 16 kHz samples (0 = no crop), converted to rows by the source
     * @param cropRng    null = crop from the start
     */
    static Batch assemble(List<Example> examples, InputSource source, int maxSamples, Random cropRng) {
        int b = examples.size();
        int width = source.width();
        int maxRows = maxSamples > 0 ? Math.max(1, source.rowsFor(maxSamples)) : 0;
        float[][] items = new float[b][];
        int[] lengths = new int[b];
        int longest = 1;
        for (int i = 0; i < b; i++) {
            float[] w = source.rows(examples.get(i));
            int rows = w.length / width;
            if (maxRows > 0 && rows > maxRows) {
                int offset = cropRng == null ? 0 : cropRng.nextInt(rows - maxRows + 1);
                float[] c = new float[maxRows * width];
                System.arraycopy(w, offset * width, c, 0, maxRows * width);
                w = c;
                rows = maxRows;
            } else if (cropRng != null) {
                cropRng.nextInt(1); // keep the generator's sequence independent of the lengths seen so far
            }
            items[i] = source.prepare(w);
            lengths[i] = rows;
            longest = Math.max(longest, rows);
        }
        float[] flat = new float[b * longest * width];
        float[] mask = new float[b * longest];
        for (int i = 0; i < b; i++) {
            System.arraycopy(items[i], 0, flat, i * longest * width, lengths[i] * width);
            java.util.Arrays.fill(mask, i * longest, i * longest + lengths[i], 1f);
        }
        long[] shape = width == 1 ? new long[] {b, longest} : new long[] {b, longest, width};
        return new Batch(List.copyOf(examples), Nd4j.create(flat, shape, 'c'),
                Nd4j.createFromArray(mask).reshape(b, longest), lengths);
    }
}
