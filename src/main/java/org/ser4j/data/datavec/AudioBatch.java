package org.ser4j.data.datavec;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One padded batch, with the ids the trainer needs to write per-utterance predictions.
 *
 * @param uttIds      utterance ids, row order
 * @param waveform    float [B, S], padding 0
 * @param sampleMask  float [B, S], 1 for valid samples, 0 for padding
 * @param lengths     valid samples per row (after cropping)
 * @param emotion     emotion class index per row
 * @param domain      domain class index per row
 * @param frameMask   float [B, F] frame-level mask for the configured conv stack, or null
 * @param numEmotions emotion classes (width of the one-hot)
 * @param numDomains  domain classes
 */
public record AudioBatch(List<String> uttIds, INDArray waveform, INDArray sampleMask, int[] lengths, int[] emotion,
                         int[] domain, INDArray frameMask, int numEmotions, int numDomains) {
    public AudioBatch {
        uttIds = List.copyOf(uttIds);
    }

    public int size() {
        return uttIds.size();
    }

    /** Padded length S. */
    public int paddedSamples() {
        return (int) waveform.size(1);
    }

    public INDArray emotionOneHot() {
        return oneHot(emotion, numEmotions);
    }

    public INDArray domainOneHot() {
        return oneHot(domain, numDomains);
    }

    /** The frame mask for another conv stack than the configured one. */
    public INDArray frameMask(int[] kernels, int[] strides) {
        return FrameLengths.frameMask(lengths, paddedSamples(), kernels, strides);
    }

    /**
     * features[0] = waveform [B, S], features[1] = sample mask [B, S] (features[2] = frame mask [B, F] when
     * configured); labels[0] = emotion one-hot [B, nEmotions], labels[1] = domain one-hot [B, nDomains].
     */
    public MultiDataSet toMultiDataSet() {
        INDArray[] features = frameMask == null ? new INDArray[] {waveform, sampleMask}
                : new INDArray[] {waveform, sampleMask, frameMask};
        return new org.nd4j.linalg.dataset.MultiDataSet(features, new INDArray[] {emotionOneHot(), domainOneHot()});
    }

    static INDArray oneHot(int[] classes, int n) {
        float[] m = new float[classes.length * n];
        for (int b = 0; b < classes.length; b++) {
            m[b * n + classes[b]] = 1f;
        }
        return Nd4j.create(m, new long[] {classes.length, n}, 'c');
    }
}
