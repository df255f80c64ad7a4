package org.ser4j.data.datavec;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Valid frame counts after a stack of 1-D convolutions without padding, so that attention and pooling masks at the
 * frame level stay exact: each layer maps a length L to floor((L − k) / s) + 1, and to 0 when L &lt; k (the same
 * rule as HF's {@code _get_feat_extract_output_lengths} and torchaudio's conv layers).
 */
public final class FrameLengths {
    /** HuBERT / wav2vec 2.0 feature-encoder kernels (config {@code conv_kernel}). */
    public static final int[] HUBERT_KERNELS = {10, 3, 3, 3, 3, 2, 2};
    /** HuBERT / wav2vec 2.0 feature-encoder strides (config {@code conv_stride}); total stride 320 = 20 ms. */
    public static final int[] HUBERT_STRIDES = {5, 2, 2, 2, 2, 2, 2};

    private FrameLengths() {}

    public static int frameLength(int samples, int[] kernels, int[] strides) {
        if (kernels.length != strides.length) {
            throw new IllegalArgumentException("kernels (" + kernels.length + ") and strides (" + strides.length
                    + ") must have the same length");
        }
        long len = samples;
        for (int i = 0; i < kernels.length; i++) {
            len = len < kernels[i] ? 0 : Math.floorDiv(len - kernels[i], strides[i]) + 1;
        }
        return (int) len;
    }

    public static int[] frameLengths(int[] sampleLengths, int[] kernels, int[] strides) {
        int[] out = new int[sampleLengths.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = frameLength(sampleLengths[i], kernels, strides);
        }
        return out;
    }

    /** With the HuBERT defaults. */
    public static int[] frameLengths(int[] sampleLengths) {
        return frameLengths(sampleLengths, HUBERT_KERNELS, HUBERT_STRIDES);
    }

    /**
     * A float mask [B, F] (1 valid, 0 padding) where F is the frame count of {@code paddedSamples}, the padded
     * length every row of the batch has before the conv stack.
     */
    public static INDArray frameMask(int[] sampleLengths, int paddedSamples, int[] kernels, int[] strides) {
        int frames = frameLength(paddedSamples, kernels, strides);
        int[] valid = frameLengths(sampleLengths, kernels, strides);
        float[] m = new float[sampleLengths.length * frames];
        for (int b = 0; b < valid.length; b++) {
            java.util.Arrays.fill(m, b * frames, b * frames + Math.min(valid[b], frames), 1f);
        }
        return Nd4j.create(m, new long[] {sampleLengths.length, frames}, 'c');
    }
}
