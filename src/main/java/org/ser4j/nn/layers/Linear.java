package org.ser4j.nn.layers;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * {@code y = x W^T + b} over the last axis of a [B, T, in] tensor, with the weight in PyTorch's [out, in] layout so
 * that checkpoint tensors are used as they are. One {@code tensorMmul} contracts the last axis of x with axis 1 of W,
 * which avoids the reshape/shape ops that a 2-D matmul would need for run-time batch and length.
 */
public final class Linear {
    private Linear() {}

    public static SDVariable apply(SDVariable x, SDVariable weight, SDVariable bias) {
        int lastAxis = x.getShape() != null ? x.getShape().length - 1 : 2;
        SDVariable y = x.getSameDiff().tensorMmul(x, weight, new int[] {lastAxis}, 1);
        return bias == null ? y : y.add(bias);
    }
}
