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

    /**
     * The masked / unmasked frame weights of a batch from the time mask already in {@code ph}: rows with a target
     * ({@code hasTarget[row]}) count as masked or unmasked, padding rows not at all; {@code maskedOut} gets the masked
     * weights.
     */
    static void putFrameWeights(Map<String, INDArray> ph, boolean[] hasTarget, double[] maskedOut) {
        float[] time = ph.get(PretrainModel.timeMaskName()).data().asFloat();
        int n = hasTarget.length;
        float[] masked = new float[n];
        float[] unmasked = new float[n];
        for (int row = 0; row < n; row++) {
            if (!hasTarget[row]) {
                continue;
            }
            if (time[row] > 0.5f) {
                masked[row] = 1f;
            } else {
                unmasked[row] = 1f;
            }
        }
        for (int i = 0; i < n; i++) {
            maskedOut[i] = masked[i];
        }
        ph.put(PretrainModel.MASKED_WEIGHTS, org.nd4j.linalg.factory.Nd4j.create(masked, new long[] {n}, 'c'));
        ph.put(PretrainModel.UNMASKED_WEIGHTS, org.nd4j.linalg.factory.Nd4j.create(unmasked, new long[] {n}, 'c'));
    }
}
