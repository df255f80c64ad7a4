package org.ser4j.nn.heads;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Utterance vector = mean of the hidden states over the valid frames only, so padding frames of a batch never
 * leak into the result: {@code sum_t h[b,t,:] m[b,t] / sum_t m[b,t]}.
 */
public final class MaskedMeanPooling {
    private MaskedMeanPooling() {}

    /**
     * @param hidden    [B, T, H] hidden states
     * @param frameMask [B, T], 1 for valid frames and 0 for padding (every row needs at least one valid frame)
     * @return [B, H]
     */
    public static SDVariable pool(SDVariable hidden, SDVariable frameMask) {
        SDVariable m = frameMask.castTo(hidden.dataType());
        SDVariable summed = hidden.mul(m.getSameDiff().expandDims(m, 2)).sum(1);
        SDVariable count = m.sum(true, 1);
        return summed.div(count);
    }
}
