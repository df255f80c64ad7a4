package org.ser4j.nn.heads;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Statistics pooling over the valid frames only: {@code [mean_t h, sqrt(mean_t (h - mean)^2 + eps)]} per dimension,
 * padding frames excluded from both moments (biased variance, as over a whole utterance).
 */
public final class MaskedStatisticsPooling {
    /** Keeps the square root's gradient finite for a constant dimension; far below any measured frame variance. */
    public static final double EPS = 1e-6;

    private MaskedStatisticsPooling() {}

    /**
     * @param hidden    [B, T, H] hidden states
     * @param frameMask [B, T], 1 for valid frames and 0 for padding (every row needs at least one valid frame)
     * @return [B, 2H]: the masked means, then the masked standard deviations
     */
    public static SDVariable pool(SDVariable hidden, SDVariable frameMask) {
        SameDiff sd = hidden.getSameDiff();
        SDVariable m = frameMask.castTo(hidden.dataType());
        SDVariable m3 = sd.expandDims(m, 2);
        SDVariable count = m.sum(true, 1);
        SDVariable mean = hidden.mul(m3).sum(1).div(count);
        SDVariable centred = hidden.sub(sd.expandDims(mean, 1)).mul(m3);
        SDVariable variance = centred.mul(centred).sum(1).div(count);
        SDVariable std = sd.math.sqrt(variance.add(EPS));
        return sd.concat(1, mean, std);
    }
}
