package org.ser4j.nn.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 1-D convolution with PyTorch's weight layout [out, in/groups, k], optional groups and asymmetric zero padding, in
 * two layouts.
 *
 * <p>{@link #apply} works on channels-first [B, C, T] with SameDiff's conv1d: that op has no {@code groups} and wants
 * weights as [k, in, out], so the weight is permuted in the graph and a grouped conv becomes split + one conv per
 * group + concat.
 *
 * <p>{@link #applyChannelsLast} works on [B, T, C]. It builds the column matrix explicitly: tap j of every output
 * frame is the strided slice {@code x[:, j : T-(k-1-j) : stride, :]}, and the k slices are stacked on a new last axis,
 * so that a row holds (channel, tap) in exactly the order of a PyTorch weight row [in/groups, k]. The weight is then
 * used as it is, reshaped (not copied) to [groups, out/groups, (in/groups) k], and the convolution is one GEMM (or one
 * batched GEMM over the groups) with the weight transposed by the GEMM. Measured at one thread on hubert-large's CNN
 * (512 channels, k 3, stride 2, 12,799 frames): 0.20-0.24 CPU s against 0.28-0.31 s for conv1d, and the layer norm
 * that follows then reduces over the contiguous axis. For many taps (the 128-tap positional conv) the stack's
 * stride-k writes make it slower than conv1d, so the graph keeps {@link #apply} there.
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

    /**
     * The same convolution on channels-last tensors: [B, T, C_in] to [B, T_out, C_out] with
     * {@code T_out = floor((T + padLeft + padRight - k) / stride) + 1}. Same parameters as {@link #apply}.
     */
    public static SDVariable applyChannelsLast(SDVariable x, SDVariable weight, SDVariable bias, int kernel, int stride,
                                               int groups, int padLeft, int padRight) {
        return applyChannelsLast(x, weight, weight.getShape(), bias, kernel, stride, groups, padLeft, padRight);
    }

    /** As above, for a weight computed in the graph (whose static shape SameDiff does not know): pass its shape. */
    public static SDVariable applyChannelsLast(SDVariable x, SDVariable weight, long[] weightShape, SDVariable bias,
                                               int kernel, int stride, int groups, int padLeft, int padRight) {
        SameDiff sd = x.getSameDiff();
        long[] ws = weightShape;
        if (ws == null || ws.length != 3) {
            throw new IllegalArgumentException("the weight's shape [out, in/groups, k] is needed");
        }
        long out = ws[0];
        long inPerGroup = ws[1];
        if (ws[2] != kernel || out % groups != 0) {
            throw new IllegalArgumentException("weight " + java.util.Arrays.toString(ws) + " does not fit kernel "
                    + kernel + " and " + groups + " groups");
        }
        SDVariable in = x;
        if (padLeft > 0 || padRight > 0) {
            SDVariable pads = sd.constant(Nd4j.createFromArray(new int[][] {{0, 0}, {padLeft, padRight}, {0, 0}}));
            in = sd.nn.pad(in, pads, 0.0);
        }
        SDVariable[] taps = new SDVariable[kernel];
        for (int j = 0; j < kernel; j++) {
            int fromEnd = kernel - 1 - j; // the last window's tap j sits this many frames before the end
            // begin mask on axes 0 and 2 (bit 0, bit 2); end mask there too, and on axis 1 for the last tap
            taps[j] = sd.stridedSlice(in, new long[] {0, j, 0}, new long[] {0, -fromEnd, 0}, new long[] {1, stride, 1},
                    0b101, fromEnd == 0 ? 0b111 : 0b101, 0, 0, 0);
        }
        SDVariable columns = sd.stack(3, taps); // [B, T_out, C_in, k]
        long rowLength = inPerGroup * kernel;
        SDVariable y;
        if (groups == 1) {
            SDVariable rows = sd.reshape(columns, -1, rowLength);
            y = sd.mmul(rows, sd.reshape(weight, out, rowLength), false, true, false); // [B*T_out, out]
        } else {
            // [B*T_out, groups, rowLength] -> [groups, B*T_out, rowLength]; weight [groups, out/groups, rowLength]
            SDVariable rows = sd.reshape(columns, -1, groups, rowLength).permute(1, 0, 2);
            SDVariable w = sd.reshape(weight, groups, out / groups, rowLength);
            y = sd.mmul(rows, w, false, true, false).permute(1, 0, 2); // [B*T_out, groups, out/groups]
            y = sd.reshape(y, -1, out);
        }
        if (bias != null) {
            y = y.add(bias);
        }
        return DynamicShapes.keepLeading(y, taps[0], 2, out);
    }
}
