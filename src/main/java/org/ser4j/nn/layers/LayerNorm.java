package org.ser4j.nn.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Layer normalisation over one axis, built from primitives because SameDiff's fused {@code layerNorm} fixes its
 * epsilon; Hugging Face configs carry {@code layer_norm_eps}. Biased variance, as PyTorch:
 * {@code (x - mean) / sqrt(var + eps) * gain + bias}.
 */
public final class LayerNorm {
    private LayerNorm() {}

    /**
     * @param x    input of any rank
     * @param gain per-feature scale [C]
     * @param bias per-feature shift [C]
     * @param eps  added to the variance
     * @param axis the normalised axis of a rank-3 tensor: 2 for [B, T, C], 1 for channels-first [B, C, T]. Negative
     *             axes are refused: SameDiff M2.1's keep-dims mean reduces the wrong elements for axis -1 when the
     *             batch is larger than one (checked).
     */
    public static SDVariable apply(SDVariable x, SDVariable gain, SDVariable bias, double eps, int axis) {
        SameDiff sd = x.getSameDiff();
        SDVariable centred = x.sub(sd.mean(x, true, axis));
        SDVariable variance = sd.mean(centred.mul(centred), true, axis);
        SDVariable normed = centred.mul(sd.math.rsqrt(variance.add(eps)));
        if (axis == 2) {
            return normed.mul(gain).add(bias);
        }
        if (axis != 1) {
            throw new IllegalArgumentException("LayerNorm supports axis 2 ([B, T, C]) or 1 ([B, C, T]), got " + axis);
        }
        return normed.mul(channelsFirst(gain)).add(channelsFirst(bias));
    }

    /** The same normalisation of each row of a flat [N, C] tensor (axis 1 is the last axis here). */
    public static SDVariable applyRows(SDVariable rows, SDVariable gain, SDVariable bias, double eps) {
        SameDiff sd = rows.getSameDiff();
        SDVariable centred = rows.sub(sd.mean(rows, true, 1));
        SDVariable variance = sd.mean(centred.mul(centred), true, 1);
        return centred.mul(sd.math.rsqrt(variance.add(eps))).mul(gain).add(bias);
    }

    /** [C] to [1, C, 1] so that it broadcasts over a channels-first [B, C, T] tensor. */
    static SDVariable channelsFirst(SDVariable perChannel) {
        return perChannel.getSameDiff().reshape(perChannel, 1, -1, 1);
    }
}
