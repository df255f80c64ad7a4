package org.ser4j.nn.hubert;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Random masks for one training step of a {@link HubertGraph}, drawn in Java from the caller's seeded generator and
 * fed as placeholders. (SameDiff M2.1's dropout ops fail on dynamic shapes and its in-graph uniform sampler returns
 * the same numbers on every call, so regularisation randomness lives outside the graph; this also makes an exact
 * resume possible.)
 *
 * <ul>
 * <li>dropout masks hold 0 or {@code 1/(1-p)} (inverted dropout, as PyTorch);</li>
 * <li>LayerDrop: one value per layer (shape [1]), 1 = run the layer, 0 = skip it (the whole batch, as HF);</li>
 * <li>SpecAugment time masks [B, T]: 1 = replace the frame by {@code masked_spec_embed}; spans as HF
 *     {@code _compute_mask_indices} (count {@code p * len / span + U(0,1)}, at least {@code min_masks}, inside the
 *     item's valid frames); feature masks [B, H] zero whole channels.</li>
 * </ul>
 */
public final class TrainingMasks {
    public static final String FEAT_PROJ_DROPOUT = "train_mask.feat_proj_dropout";
    public static final String ENCODER_DROPOUT = "train_mask.encoder_dropout";
    public static final String SPEC_TIME = "train_mask.spec_time";
    public static final String SPEC_FEATURE = "train_mask.spec_feature";

    /** What a mask placeholder covers, which fixes its shape. */
    public enum Kind { HIDDEN, INTERMEDIATE, ATTENTION_PROBS, LAYER_KEEP, TIME_SPANS, FEATURE_SPANS }

    /** One mask placeholder: its kind and probability. */
    public record Spec(Kind kind, double rate) {}

    private TrainingMasks() {}

    public static String attentionDropout(int layer) {
        return "train_mask.layers." + layer + ".attention_dropout";
    }

    public static String attentionOutputDropout(int layer) {
        return "train_mask.layers." + layer + ".attention_output_dropout";
    }

    public static String activationDropout(int layer) {
        return "train_mask.layers." + layer + ".activation_dropout";
    }

    public static String outputDropout(int layer) {
        return "train_mask.layers." + layer + ".output_dropout";
    }

    public static String layerKeep(int layer) {
        return "train_mask.layers." + layer + ".keep";
    }

    static Map<String, INDArray> generate(HubertConfig c, Map<String, Spec> specs, int batch, int samples,
                                          int[] sampleLengths, Random rng) {
        if (sampleLengths.length != batch) {
            throw new IllegalArgumentException("sampleLengths has " + sampleLengths.length + " entries, batch is " + batch);
        }
        int frames = c.framesFor(samples);
        int[] validFrames = new int[batch];
        for (int b = 0; b < batch; b++) {
            validFrames[b] = Math.min(frames, c.framesFor(sampleLengths[b]));
        }
        return generateForFrames(c, specs, batch, frames, validFrames, rng);
    }

    /** As {@link #generate}, for a graph fed with CNN features: {@code frames} per row, {@code validFrames} each. */
    static Map<String, INDArray> generateForFrames(HubertConfig c, Map<String, Spec> specs, int batch, int frames,
                                                   int[] validFrames, Random rng) {
        if (validFrames.length != batch) {
            throw new IllegalArgumentException("validFrames has " + validFrames.length + " entries, batch is " + batch);
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Spec> e : specs.entrySet()) {
            Spec s = e.getValue();
            INDArray m = switch (s.kind()) {
                case HIDDEN -> dropoutMask(rng, s.rate(), batch, frames, c.hiddenSize());
                case INTERMEDIATE -> dropoutMask(rng, s.rate(), batch, frames, c.intermediateSize());
                case ATTENTION_PROBS -> dropoutMask(rng, s.rate(), batch, c.numAttentionHeads(), frames, frames);
                case LAYER_KEEP -> Nd4j.createFromArray(new float[] {rng.nextDouble() < s.rate() ? 0f : 1f});
                case TIME_SPANS -> spanMask(rng, batch, frames, validFrames, s.rate(), c.maskTimeLength(),
                        c.maskTimeMinMasks());
                case FEATURE_SPANS -> {
                    int[] all = new int[batch];
                    java.util.Arrays.fill(all, c.hiddenSize());
                    yield spanMask(rng, batch, c.hiddenSize(), all, s.rate(), c.maskFeatureLength(),
                            c.maskFeatureMinMasks());
                }
            };
            out.put(e.getKey(), m);
        }
        return out;
    }

    private static INDArray dropoutMask(Random rng, double rate, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] data = new float[Math.toIntExact(n)];
        float keep = (float) (1.0 / (1.0 - rate));
        // One draw from the caller's generator seeds a SplittableRandom for the mask's elements: hubert-large needs
        // ~30 M uniforms a step on 4 s of audio, and java.util.Random (a CAS per draw) took ~0.8 s of the step.
        SplittableRandom elements = new SplittableRandom(rng.nextLong());
        for (int i = 0; i < data.length; i++) {
            data[i] = elements.nextDouble() < rate ? 0f : keep;
        }
        return Nd4j.create(data, shape, 'c');
    }

    /** HF-style span masks [B, len]; spans start uniformly (without replacement) inside each item's valid length. */
    static INDArray spanMask(Random rng, int batch, int length, int[] valid, double prob, int span, int minMasks) {
        float[] data = new float[batch * length];
        for (int b = 0; b < batch; b++) {
            int len = valid[b];
            int count = (int) (prob * len / span + rng.nextDouble());
            count = Math.max(count, minMasks);
            if ((long) count * span > len) {
                count = len / span;
            }
            int starts = len - (span - 1);
            if (starts < count) {
                count = Math.max(starts, 0);
            }
            if (count == 0 || starts <= 0) {
                continue;
            }
            int[] pool = new int[starts];
            for (int i = 0; i < starts; i++) {
                pool[i] = i;
            }
            for (int i = 0; i < count; i++) { // partial Fisher-Yates: distinct start indices
                int j = i + rng.nextInt(starts - i);
                int t = pool[i];
                pool[i] = pool[j];
                pool[j] = t;
                for (int f = pool[i]; f < Math.min(pool[i] + span, len); f++) {
                    data[b * length + f] = 1f;
                }
            }
        }
        return Nd4j.create(data, new long[] {batch, length}, 'c');
    }
}
