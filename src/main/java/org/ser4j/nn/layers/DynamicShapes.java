package org.ser4j.nn.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reshapes whose leading sizes (batch, frames) are only known when the graph runs. The new shape is assembled in
 * the graph from {@code shape(x)}, so one graph serves every batch size and utterance length.
 */
public final class DynamicShapes {
    private DynamicShapes() {}

    /** [d0, .., d_{keep-1}, ...] to [d0, .., d_{keep-1}, tail...] where the leading sizes come from {@code like}. */
    public static SDVariable keepLeading(SDVariable x, SDVariable like, int keep, long... tail) {
        SameDiff sd = x.getSameDiff();
        SDVariable lead = sd.stridedSlice(sd.shape(like), new long[] {0}, new long[] {keep}, 1);
        SDVariable shape = sd.concat(0, lead, sd.constant(Nd4j.createFromArray(tail)));
        return sd.reshape(x, shape);
    }

    /**
     * The shape vector {@code [d0, .., d_{keep-1}, tail...]} of {@code like}'s run-time leading sizes: build it once
     * and reuse it for every reshape of the same frames (each {@link #keepLeading} adds three small ops, and SameDiff's
     * per-op overhead, ~0.3 ms on this machine, was a tenth of the hubert-large forward).
     */
    public static SDVariable leadingShape(SDVariable like, int keep, long... tail) {
        SameDiff sd = like.getSameDiff();
        SDVariable lead = sd.stridedSlice(sd.shape(like), new long[] {0}, new long[] {keep}, 1);
        return sd.concat(0, lead, sd.constant(Nd4j.createFromArray(tail)));
    }
}
