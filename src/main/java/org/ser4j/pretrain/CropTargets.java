package org.ser4j.pretrain;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-frame targets of fixed waveform crops, as the pre-training graph takes them: k-means cluster indices
 * ({@link ClusterTargets}) or real-valued frame features ({@link FrameRegressionTargets}).
 */
interface CropTargets {
    /**
     * Puts {@link PretrainModel#TARGETS} and the masked / unmasked frame weights of a batch of {@code items} into
     * {@code ph}, which already holds the time mask; padding frames get no weight.
     *
     * @param maskedOut filled with 1 on the masked valid frames, 0 elsewhere ({@code items.length * frames})
     */
    void addTo(Map<String, INDArray> ph, int[] items, int frames, double[] maskedOut);
}
