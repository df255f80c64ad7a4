package org.ser4j.train;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A padded batch: waveform [B, S] (zeros after each length), sample mask [B, S] (1 valid), lengths, labels.
 */
public record Batch(List<Example> examples, INDArray waveform, INDArray sampleMask, int[] lengths) {
    public int size() {
        return examples.size();
    }

    public int samples() {
        return (int) waveform.size(1);
    }
}
