package org.ser4j.train;

import java.util.List;
import java.util.Random;

import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.audio.WaveformNormalizer;

/**
 * Crops and pads utterances into a {@link Batch}. Training crops take a random offset from the given generator (one
 * generator per batch, seeded from the step, so a resumed run crops identically); evaluation crops start at 0.
 */
final class BatchAssembler {
    private BatchAssembler() {}

    /**
     * @param maxSamples crop length (0 = no crop)
     * @param cropRng    null = crop from the start
     * @param normalize  zero mean / unit variance per item over its valid (cropped) samples, as the HF feature
     *                   extractor does with {@code do_normalize} (contracts §1)
     */
    static Batch assemble(List<Example> examples, WaveformSource source, int maxSamples, Random cropRng,
                          boolean normalize) {
        int b = examples.size();
        float[][] waves = new float[b][];
        int[] lengths = new int[b];
        int longest = 1;
        for (int i = 0; i < b; i++) {
            float[] w = source.waveform(examples.get(i));
            if (maxSamples > 0 && w.length > maxSamples) {
                int offset = cropRng == null ? 0 : cropRng.nextInt(w.length - maxSamples + 1);
                float[] c = new float[maxSamples];
                System.arraycopy(w, offset, c, 0, maxSamples);
                w = c;
            } else if (cropRng != null) {
                cropRng.nextInt(1); // keep the generator's sequence independent of the lengths seen so far
            }
            waves[i] = normalize ? WaveformNormalizer.normalize(w) : w;
            lengths[i] = w.length;
            longest = Math.max(longest, w.length);
        }
        float[] flat = new float[b * longest];
        float[] mask = new float[b * longest];
        for (int i = 0; i < b; i++) {
            System.arraycopy(waves[i], 0, flat, i * longest, lengths[i]);
            java.util.Arrays.fill(mask, i * longest, i * longest + lengths[i], 1f);
        }
        return new Batch(List.copyOf(examples), Nd4j.createFromArray(flat).reshape(b, longest),
                Nd4j.createFromArray(mask).reshape(b, longest), lengths);
    }
}
