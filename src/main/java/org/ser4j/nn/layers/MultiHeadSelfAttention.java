package org.ser4j.nn.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Scaled dot-product self-attention with PyTorch-layout projections ({@code q,k,v,out} weights [H, H], biases [H]),
 * as Hugging Face's wav2vec2/HuBERT attention: the query is scaled by {@code 1/sqrt(head_dim)} after its bias, padded
 * keys get a large negative additive term before the softmax (so they receive exactly zero probability and zero
 * gradient), and an optional dropout mask multiplies the probabilities.
 */
public final class MultiHeadSelfAttention {
    /** Output [B, T, H] and the attention probabilities [B, heads, T, T] (before dropout). */
    public record Result(SDVariable output, SDVariable probabilities) {}

    /** The projection parameters of one attention block. */
    public record Weights(SDVariable qWeight, SDVariable qBias, SDVariable kWeight, SDVariable kBias,
                          SDVariable vWeight, SDVariable vBias, SDVariable outWeight, SDVariable outBias) {}

    private MultiHeadSelfAttention() {}

    /**
     * @param x             [B, T, H]
     * @param w             projections
     * @param numHeads      heads; H must divide evenly
     * @param hidden        H
     * @param additiveKeyMask [B, 1, 1, T] with 0 for valid keys and a large negative number for padded keys, or null
     * @param probsDropout  [B, heads, T, T] inverted-dropout mask (0 or 1/(1-p)), or null
     */
    public static Result apply(SDVariable x, Weights w, int numHeads, int hidden, SDVariable additiveKeyMask,
                               SDVariable probsDropout) {
        SameDiff sd = x.getSameDiff();
        long headDim = hidden / numHeads;
        SDVariable q = heads(Linear.apply(x, w.qWeight(), w.qBias()).mul(1.0 / Math.sqrt(headDim)), x, numHeads, headDim);
        SDVariable k = heads(Linear.apply(x, w.kWeight(), w.kBias()), x, numHeads, headDim);
        SDVariable v = heads(Linear.apply(x, w.vWeight(), w.vBias()), x, numHeads, headDim);
        SDVariable scores = sd.mmul(q, k, false, true, false); // [B, heads, T, T]
        if (additiveKeyMask != null) {
            scores = scores.add(additiveKeyMask);
        }
        SDVariable probs = sd.nn.softmax(scores, 3) /* explicit axis: negative axes misbehave in M2.1 reductions */;
        SDVariable used = probsDropout == null ? probs : probs.mul(probsDropout);
        SDVariable context = sd.mmul(used, v).permute(0, 2, 1, 3); // [B, T, heads, headDim]
        SDVariable merged = DynamicShapes.keepLeading(context, x, 2, hidden);
        return new Result(Linear.apply(merged, w.outWeight(), w.outBias()), probs);
    }

    /**
     * The same attention on a flat [B*T, H] input: {@code headsShape} is the run-time vector [B, T, heads, headDim]
     * (built once per graph, {@link DynamicShapes#leadingShape}); the output is [B*T, H]. Numerically the same
     * operations in the same order as {@link #apply}, with 9 fewer shape ops per layer.
     */
    public static Result applyRows(SDVariable rows, SDVariable headsShape, Weights w, int numHeads, int hidden,
                                   SDVariable additiveKeyMask, SDVariable probsDropout) {
        SameDiff sd = rows.getSameDiff();
        long headDim = hidden / numHeads;
        SDVariable q = sd.reshape(Linear.applyRows(rows, w.qWeight(), w.qBias()).mul(1.0 / Math.sqrt(headDim)),
                headsShape).permute(0, 2, 1, 3);
        SDVariable k = sd.reshape(Linear.applyRows(rows, w.kWeight(), w.kBias()), headsShape).permute(0, 2, 1, 3);
        SDVariable v = sd.reshape(Linear.applyRows(rows, w.vWeight(), w.vBias()), headsShape).permute(0, 2, 1, 3);
        SDVariable scores = sd.mmul(q, k, false, true, false); // [B, heads, T, T]
        if (additiveKeyMask != null) {
            scores = scores.add(additiveKeyMask);
        }
        SDVariable probs = sd.nn.softmax(scores, 3);
        SDVariable used = probsDropout == null ? probs : probs.mul(probsDropout);
        SDVariable context = sd.mmul(used, v).permute(0, 2, 1, 3); // [B, T, heads, headDim]
        SDVariable merged = sd.reshape(context, -1, hidden);
        return new Result(Linear.applyRows(merged, w.outWeight(), w.outBias()), probs);
    }

    /** [B, T, H] to [B, heads, T, headDim]. */
    private static SDVariable heads(SDVariable y, SDVariable like, int numHeads, long headDim) {
        return DynamicShapes.keepLeading(y, like, 2, numHeads, headDim).permute(0, 2, 1, 3);
    }
}
