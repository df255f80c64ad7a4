package org.ser4j.infer;

/**
 * Waveforms ready for a backend: already resampled and normalised, right-padded with zeros to a common length.
 *
 * @param values  row-major [size, samples]
 * @param mask    row-major [size, samples]; 1 for valid samples, 0 for padding
 * @param size    number of items (B)
 * @param samples padded length (S)
 * @param lengths valid samples per item
 */
public record PaddedBatch(float[] values, float[] mask, int size, int samples, int[] lengths) {
    public PaddedBatch {
        if (values.length != (long) size * samples || mask.length != values.length || lengths.length != size) {
            throw new IllegalArgumentException("batch arrays do not match [" + size + ", " + samples + "]");
        }
    }

    /** Pads {@code items} (each already normalised) into one batch. */
    public static PaddedBatch of(float[][] items) {
        int longest = 1;
        for (float[] w : items) {
            longest = Math.max(longest, w.length);
        }
        float[] values = new float[items.length * longest];
        float[] mask = new float[values.length];
        int[] lengths = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            System.arraycopy(items[i], 0, values, i * longest, items[i].length);
            java.util.Arrays.fill(mask, i * longest, i * longest + items[i].length, 1f);
            lengths[i] = items[i].length;
        }
        return new PaddedBatch(values, mask, items.length, longest, lengths);
    }
}
