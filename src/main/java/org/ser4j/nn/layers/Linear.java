package org.ser4j.nn.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * {@code y = x W^T + b} over the last axis of a rank-3 [B, T, in] tensor, with the weight in PyTorch's [out, in]
 * layout so that checkpoint tensors are used as they are. Computed as a 2-D matmul on [B*T, in] with W transposed
 * by the GEMM itself, then reshaped back with the run-time batch and length. ({@code tensorMmul} would be one op,
 * but its backward op fails in SameDiff M2.1 with "dimensions at given axes ... must be the same".)
 */
public final class Linear {
    private Linear() {}

    public static SDVariable apply(SDVariable x, SDVariable weight, SDVariable bias) {
        SameDiff sd = x.getSameDiff();
        long in = weight.getShape()[1];
        long out = weight.getShape()[0];
        SDVariable flat = sd.reshape(x, -1, in);
        SDVariable y = sd.mmul(flat, weight, false, true, false);
        if (bias != null) {
            y = y.add(bias);
        }
        return DynamicShapes.keepLeading(y, x, 2, out);
    }

    /** The same on rows: [N, in] to [N, out], two ops (a transformer kept flat as [B*T, H] needs no reshapes). */
    public static SDVariable applyRows(SDVariable rows, SDVariable weight, SDVariable bias) {
        SDVariable y = rows.getSameDiff().mmul(rows, weight, false, true, false);
        return bias == null ? y : y.add(bias);
    }
}
