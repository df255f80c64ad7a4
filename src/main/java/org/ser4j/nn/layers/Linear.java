package org.ser4j.nn.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * {@code y = x W^T + b} over the last axis of a [B, T, in] tensor, with the weight in PyTorch's [out, in] layout so
 * that checkpoint tensors are used as they are. x is flattened to rows [B*T, in], multiplied by W^T with a 2-D
 * {@code mmul}, and reshaped back to [B, T, out] with the run-time leading sizes of x.
 *
 * <p>WHY not one {@code tensorMmul}: its forward is right, but its gradient op in M2.1 ({@code tensormmul_bp}) gets
 * the contraction axes of the two operands swapped when they differ (x axis 2 vs W axis 1), so back-propagation
 * through it fails ("the dimensions at given axes for both input arrays must be the same"). The 2-D form has the
 * same values and working gradients.
 */
public final class Linear {
    private Linear() {}

    /** @param x [B, T, in]; weight [out, in] (static shape); bias [out] or null */
    public static SDVariable apply(SDVariable x, SDVariable weight, SDVariable bias) {
        SameDiff sd = x.getSameDiff();
        long[] w = weight.getShape();
        if (w == null || w.length != 2) {
            throw new IllegalArgumentException("Linear: weight " + weight.name() + " needs a static [out, in] shape");
        }
        SDVariable rows = sd.mmul(x.reshape(-1, w[1]), weight, false, true, false); // [B*T, out]
        if (bias != null) {
            rows = rows.add(bias);
        }
        return DynamicShapes.keepLeading(rows, x, 2, w[0]);
    }
}
