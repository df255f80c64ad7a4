package org.ser4j.nn.hubert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * HuBERT's training gradients against finite differences. The tiny large-style graph is built in TRAINING mode with
 * real, fixed dropout and SpecAugment masks (placeholders, so they stay the same across the perturbed passes). For
 * {@value #ENTRIES} entries of each of 18 tensors that span the conv stack, the feature projection, the weight-normed
 * positional conv, attention, feed-forward, every kind of layer norm and the SpecAugment embedding, the analytic
 * gradient must agree with the five-point finite difference within {@value #RELATIVE_TOLERANCE} relative. Entries are
 * drawn (seeded) among those whose analytic gradient is at least {@value #GUARD} of the tensor's largest, so that a
 * near-zero analytic gradient cannot pass against a near-zero difference.
 *
 * <p>Float32, and what it holds: the graph builders have no dtype parameter, and converting the built graph to float64
 * fails on its float32 scalar ops. The loss is therefore summed in float64 from the float32 hidden states, which
 * leaves the forward pass's own rounding, about 1e-8 of the loss (~1e-5 absolute here), as the noise floor. At a step
 * of {@value #STEP} (relative to max(1, |w|)) the worst of the 16 other tensors is within 0.4 % (measured), so they are
 * held to 1 %. The query and key projections move the loss least (entries ~3e-3 .. 3e-2, against ~1 for layer-norm
 * gains): at that step their differences are noise-bound (6 % worst), so they take a step of
 * {@value #ATTENTION_SCORES_STEP} (2.4 % worst, measured; the larger step costs the others truncation error) and are
 * held to {@value #ATTENTION_SCORES_TOLERANCE}.
 */
class HubertGradientCheckTest {
    static final int ENTRIES = 8;
    static final double RELATIVE_TOLERANCE = 0.01;
    static final double GUARD = 0.05;
    static final double STEP = 0.05;
    /** Query and key projections: the float32 exception (see the class comment). */
    static final Set<String> ATTENTION_SCORES = Set.of("encoder.layers.0.attention.k_proj.weight",
            "encoder.layers.1.attention.q_proj.weight");
    static final double ATTENTION_SCORES_STEP = 0.2;
    static final double ATTENTION_SCORES_TOLERANCE = 0.03;
    static final List<String> TENSORS = List.of(
            "feature_extractor.conv_layers.0.conv.weight",
            "feature_extractor.conv_layers.0.layer_norm.weight",
            "feature_extractor.conv_layers.4.conv.bias",
            "feature_projection.layer_norm.bias",
            "feature_projection.projection.weight",
            "encoder.pos_conv_embed.conv.weight_g",
            "encoder.pos_conv_embed.conv.weight_v",
            "encoder.pos_conv_embed.conv.bias",
            "encoder.layers.0.attention.k_proj.weight",
            "encoder.layers.0.attention.v_proj.bias",
            "encoder.layers.1.attention.q_proj.weight",
            "encoder.layers.1.attention.out_proj.weight",
            "encoder.layers.0.layer_norm.weight",
            "encoder.layers.1.feed_forward.intermediate_dense.weight",
            "encoder.layers.1.feed_forward.output_dense.bias",
            "encoder.layers.1.final_layer_norm.bias",
            "encoder.layer_norm.weight",
            "masked_spec_embed");
    static final int SAMPLES = 4000;
    static final int VALID_SECOND = 2600;

    @Test
    void trainingGradientsMatchFiniteDifferencesWithinOnePercent() {
        HubertConfig c = HubertConfig.tinyLarge();
        SameDiff sd = SameDiff.create();
        HubertGraph g = HubertGraph.build(sd, c, HubertGraph.Mode.TRAINING, 5);
        Map<String, INDArray> in = new HashMap<>();
        INDArray x = Nd4j.randn(13L, new long[] {2, SAMPLES}).castTo(DataType.FLOAT);
        INDArray sampleMask = Nd4j.ones(DataType.FLOAT, 2, SAMPLES);
        sampleMask.get(NDArrayIndex.point(1), NDArrayIndex.interval(VALID_SECOND, SAMPLES)).assign(0);
        in.putAll(HubertGraph.inputs(x.mul(sampleMask), sampleMask));
        in.putAll(g.trainingMasks(2, SAMPLES, new int[] {SAMPLES, VALID_SECOND}, new Random(4)));
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            in.put(TrainingMasks.layerKeep(l), Nd4j.scalar(DataType.FLOAT, 1f)); // every layer runs, so is checked
        }
        assertTrue(in.get(TrainingMasks.SPEC_TIME).sumNumber().doubleValue() > 0, "masked_spec_embed is used");
        assertTrue(in.get(TrainingMasks.ENCODER_DROPOUT).minNumber().doubleValue() == 0, "dropout drops units");

        // a loss that weighs every hidden unit differently: sum over valid frames of h^2 + h * r
        INDArray r = Nd4j.randn(7L, new long[] {1, 1, c.hiddenSize()}).castTo(DataType.FLOAT);
        SDVariable h = g.lastHiddenState();
        SDVariable frames = sd.expandDims(g.frameMask(), 2);
        SDVariable loss = sd.sum(h.mul(h).add(h.mul(sd.constant("loss_weights", r))).mul(frames)).rename("loss");
        sd.setLossVariables(loss);
        Loss exact = new Loss(sd, in, h.name(), g.frameMask().name(), r.data().asFloat());

        Map<String, INDArray> grads = sd.calculateGradients(in, TENSORS);
        Random rng = new Random(3);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        double worst = 0;
        for (String name : TENSORS) {
            INDArray w = sd.getVariable(name).getArr();
            INDArray gr = grads.get(name);
            assertTrue(gr != null, name + ": no gradient");
            for (long i : guardedEntries(name, gr, rng)) {
                double analytic = gr.getDouble(i);
                boolean scores = ATTENTION_SCORES.contains(name);
                double fd = exact.derivative(w, i, scores ? ATTENTION_SCORES_STEP : STEP);
                checked++;
                double relative = Math.abs(fd - analytic) / Math.abs(analytic);
                worst = Math.max(worst, relative);
                if (relative > (scores ? ATTENTION_SCORES_TOLERANCE : RELATIVE_TOLERANCE)) {
                    failures.add(name + "[" + i + "]: analytic " + analytic + " vs finite difference " + fd);
                }
            }
        }
        System.out.println("gradient check: " + checked + " entries, worst relative difference " + worst);
        assertEquals(ENTRIES * TENSORS.size(), checked, "every tensor has enough entries above the guard");
        assertEquals(List.of(), failures);
    }

    /**
     * {@value #ENTRIES} distinct C-order indices drawn among the entries whose |gradient| is at least {@value #GUARD}
     * of the tensor's largest; an all-zero gradient fails (there would be nothing to compare).
     */
    static List<Long> guardedEntries(String name, INDArray gradient, Random rng) {
        double[] g = gradient.dup('c').data().asDouble();
        double max = 0;
        for (double v : g) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 0, name + ": an all-zero gradient");
        List<Long> eligible = new ArrayList<>();
        for (int i = 0; i < g.length; i++) {
            if (Math.abs(g[i]) >= GUARD * max) {
                eligible.add((long) i);
            }
        }
        Collections.shuffle(eligible, rng);
        List<Long> picked = new ArrayList<>(eligible.subList(0, Math.min(ENTRIES, eligible.size())));
        Collections.sort(picked);
        return picked;
    }

    /**
     * The loss recomputed in float64 from the graph's float32 hidden states: summing the 2 x frames x hidden terms in
     * float32 would add rounding of the order of 1e-7 of the loss to every difference, the main error left.
     */
    record Loss(SameDiff sd, Map<String, INDArray> in, String hidden, String frameMask, float[] weights) {
        double at() {
            Map<String, INDArray> out = sd.output(in, hidden, frameMask);
            INDArray h = out.get(hidden).dup('c'); // [B, T, H]
            float[] v = h.data().asFloat();
            float[] m = out.get(frameMask).dup('c').data().asFloat(); // [B, T]
            int units = weights.length;
            double sum = 0;
            for (int i = 0; i < v.length; i++) {
                if (m[i / units] != 0) {
                    sum += (double) v[i] * v[i] + (double) v[i] * weights[i % units];
                }
            }
            return sum;
        }

        /**
         * dL/dw at one C-order index by the five-point stencil (truncation error O(e^4), so e can be large enough
         * for float32's forward pass): (8 (L(w+e) - L(w-e)) - (L(w+2e) - L(w-2e))) / 12e, e = step max(1, |w|).
         */
        double derivative(INDArray w, long flatIndex, double step) {
            double orig = w.getDouble(flatIndex);
            double e = step * Math.max(1.0, Math.abs(orig));
            double[] at = new double[4];
            double[] offsets = {e, -e, 2 * e, -2 * e};
            for (int k = 0; k < 4; k++) {
                w.putScalar(flatIndex, orig + offsets[k]);
                at[k] = at();
            }
            w.putScalar(flatIndex, orig);
            return (8 * (at[0] - at[1]) - (at[2] - at[3])) / (12 * e);
        }
    }
}
