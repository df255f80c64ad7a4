package org.ser4j.nn.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 1-D convolution on channels-first [B, C, T] with PyTorch's weight layout [out, in/groups, k], optional groups and
 * asymmetric zero padding. SameDiff's conv1d has no {@code groups} and wants weights as [k, in, out], so the weight is
 * permuted in the graph and a grouped conv becomes split + one conv per group + concat (checked against PyTorch).
 */
public final class GroupedConv1d {
    private GroupedConv1d() {}

    /**
     * @param x        [B, C_in, T]
     * @param weight   [C_out, C_in / groups, k] (PyTorch layout)
     * @param bias     [C_out] or null
     * @param stride   stride
     * @param groups   number of groups (1 = plain convolution)
     * @param padLeft  zeros added before the first sample
     * @param padRight zeros added after the last sample
     */
    public static SDVariable apply(SDVariable x, SDVariable weight, SDVariable bias, int kernel, int stride, int groups,
                                   int padLeft, int padRight) {
        SameDiff sd = x.getSameDiff();
        SDVariable in = x;
        if (padLeft > 0 || padRight > 0) {
            SDVariable pads = sd.constant(Nd4j.createFromArray(new int[][] {{0, 0}, {0, 0}, {padLeft, padRight}}));
            in = sd.nn.pad(in, pads, 0.0);
        }
        SDVariable w = weight.permute(2, 1, 0); // [k, in/groups, out]
        Conv1DConfig conf = Conv1DConfig.builder().k(kernel).s(stride).p(0).d(1)
                .paddingMode(PaddingMode.VALID).dataFormat(Conv1DConfig.NCW).build();
        if (groups == 1) {
            return bias == null ? sd.cnn.conv1d(in, w, conf) : sd.cnn.conv1d(in, w, bias, conf);
        }
        SDVariable[] xs = sd.split(in, groups, 1);
        SDVariable[] ws = sd.split(w, groups, 2);
        SDVariable[] bs = bias == null ? null : sd.split(bias, groups, 0);
        SDVariable[] outs = new SDVariable[groups];
        for (int g = 0; g < groups; g++) {
            outs[g] = bs == null ? sd.cnn.conv1d(xs[g], ws[g], conf) : sd.cnn.conv1d(xs[g], ws[g], bs[g], conf);
        }
        return sd.concat(1, outs);
    }
}
