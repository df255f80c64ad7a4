package org.ser4j.train;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A padded batch in the rows of its {@link InputSource}: input [B, L] (waveform samples) or [B, L, C] (CNN feature
 * frames), zeros after each item's length; mask [B, L] (1 = valid row); lengths in rows; the utterances.
 */
public record Batch(List<Example> examples, INDArray input, INDArray mask, int[] lengths) {
    public int size() {
        return examples.size();
    }

    /** L, the padded length in rows. */
    public int length() {
        return (int) input.size(1);
    }
}
