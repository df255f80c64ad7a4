package org.ser4j.pretrain;

import java.util.Map;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the masked-prediction trainer feeds one step: the encoder's input placeholders (waveform crops, or cached CNN
 * features), one set of span masks, one-hot targets and the masked / unmasked frame weights of a {@link
 * PretrainModel}. Items are indexed 0..{@link #size()}-1; every batch has {@link #frames()} frame rows per item.
 */
interface MaskedBatches {
    int size();

    /** Frame rows per item in a batch (the crop length in conv frames). */
    int frames();

    /**
     * The placeholders of a batch of {@code items}; random choices (masks, crop offsets) come from {@code rng} only.
     *
     * @param maskedOut filled with 1 on the masked valid frames, 0 elsewhere ({@code items.length * frames()})
     */
    Map<String, INDArray> placeholders(int[] items, Random rng, double[] maskedOut);
}
