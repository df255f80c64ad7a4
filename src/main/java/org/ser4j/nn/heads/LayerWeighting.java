package org.ser4j.nn.heads;

import java.util.List;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A learned softmax-weighted sum of the encoder's hidden states (SUPERB-style). The weights start equal (zeros before
 * the softmax). LayerDrop must be off when this is used: a dropped layer would silently change what each weight means.
 */
public final class LayerWeighting {
    /** Variable name of the un-normalised layer weights, [layers + 1]. */
    public static final String WEIGHTS = "heads.layer_weights";

    private LayerWeighting() {}

    /** @param hiddenStates the embedding output and every layer's output, each [B, T, H] */
    public static SDVariable weightedSum(SameDiff sd, List<SDVariable> hiddenStates) {
        if (hiddenStates.isEmpty()) {
            throw new IllegalArgumentException("layer weighting needs at least one hidden state");
        }
        DataType dt = hiddenStates.get(0).dataType();
        SDVariable raw = sd.var(WEIGHTS, Nd4j.zeros(dt, hiddenStates.size()));
        SDVariable w = sd.nn.softmax(raw.reshape(1, hiddenStates.size()), 1).reshape(hiddenStates.size());
        SDVariable sum = null;
        for (int i = 0; i < hiddenStates.size(); i++) {
            SDVariable term = hiddenStates.get(i).mul(w.get(SDIndex.point(i)));
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }
}
