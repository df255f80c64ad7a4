package org.ser4j.nn.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code GroupNorm(C groups, C channels)} on channels-first [B, C, T]: each channel of each item is normalised over
 * time, then scaled and shifted per channel. This is the first conv block of "group"-norm (base-style) HuBERT models.
 * SameDiff has no group-norm op; statistics include any zero padding, exactly like PyTorch's batched behaviour.
 */
public final class PerChannelGroupNorm {
    private PerChannelGroupNorm() {}

    public static SDVariable apply(SDVariable x, SDVariable gain, SDVariable bias, double eps) {
        SameDiff sd = x.getSameDiff();
        SDVariable x64 = sd.castTo(x, DataType.DOUBLE);
        SDVariable centred = x64.sub(sd.mean(x64, true, 2));
        SDVariable variance = sd.mean(centred.mul(centred), true, 2);
        SDVariable normed = sd.castTo(centred.mul(sd.math.rsqrt(variance.add(eps))), DataType.FLOAT);
        return normed.mul(LayerNorm.channelsFirst(gain)).add(LayerNorm.channelsFirst(bias));
    }
}
