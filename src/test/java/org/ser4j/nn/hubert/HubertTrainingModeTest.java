package org.ser4j.nn.hubert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** TRAINING mode: mask placeholders, their generation, LayerDrop semantics (gradients: {@link HubertGradientCheckTest}). */
class HubertTrainingModeTest {
    static final int SAMPLES = 8000;

    static Map<String, INDArray> inputs(long seed) {
        INDArray x = Nd4j.randn(seed, new long[] {2, SAMPLES}).castTo(DataType.FLOAT);
        INDArray m = Nd4j.ones(DataType.FLOAT, 2, SAMPLES);
        m.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(5000, SAMPLES)).assign(0);
        x.muli(m);
        return HubertGraph.inputs(x, m);
    }

    /** Masks that change nothing: dropout keeps everything unscaled, every layer runs, nothing is time-masked. */
    static Map<String, INDArray> neutral(Map<String, INDArray> masks, HubertGraph g) {
        Map<String, INDArray> out = new HashMap<>();
        masks.forEach((k, v) -> out.put(k, k.endsWith("spec_time") || k.endsWith("spec_feature")
                ? Nd4j.zerosLike(v) : Nd4j.onesLike(v)));
        return out;
    }

    @Test
    void masksCoverEveryPlaceholderAndAreSeeded() {
        HubertConfig c = HubertConfig.tinyLarge();
        HubertGraph g = HubertGraph.build(SameDiff.create(), c, HubertGraph.Mode.TRAINING);
        assertTrue(g.trainingMaskNames().contains(TrainingMasks.SPEC_TIME));
        assertTrue(g.trainingMaskNames().contains(TrainingMasks.layerKeep(1)));
        assertTrue(g.trainingMaskNames().contains(TrainingMasks.attentionDropout(0)));
        assertTrue(!g.trainingMaskNames().contains(TrainingMasks.activationDropout(0)), "activation_dropout is 0");
        Map<String, INDArray> a = g.trainingMasks(2, SAMPLES, new int[] {SAMPLES, 5000}, new Random(7));
        Map<String, INDArray> b = g.trainingMasks(2, SAMPLES, new int[] {SAMPLES, 5000}, new Random(7));
        assertEquals(g.trainingMaskNames(), List.copyOf(a.keySet()));
        a.forEach((k, v) -> assertEquals(v, b.get(k), k));
        int frames = c.framesFor(SAMPLES);
        assertArrayEquals(new long[] {2, 4, frames, frames}, a.get(TrainingMasks.attentionDropout(0)).shape());
        INDArray time = a.get(TrainingMasks.SPEC_TIME);
        assertArrayEquals(new long[] {2, frames}, time.shape());
        int valid1 = c.framesFor(5000);
        for (int t = valid1; t < frames; t++) {
            assertEquals(0f, time.getFloat(1, t), "spans stay inside valid frames");
        }
        assertTrue(time.sumNumber().doubleValue() >= 2 * 10, "at least min_masks spans of 10 frames per row");
        INDArray drop = a.get(TrainingMasks.ENCODER_DROPOUT);
        double zeroFraction = drop.eq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        assertTrue(zeroFraction > 0.05 && zeroFraction < 0.15, "dropout rate " + zeroFraction);
        assertEquals(1 / 0.9, drop.maxNumber().doubleValue(), 1e-6);
        assertTrue(HubertGraph.build(SameDiff.create(), c, HubertGraph.Mode.INFERENCE).trainingMaskNames().isEmpty());
    }

    @Test
    void neutralMasksReproduceInferenceAndLayerDropSkipsLayers() {
        HubertConfig c = HubertConfig.tinyLarge();
        HubertGraph inf = HubertGraph.build(SameDiff.create(), c, HubertGraph.Mode.INFERENCE, 3);
        HubertGraph tr = HubertGraph.build(SameDiff.create(), c, HubertGraph.Mode.TRAINING, 3);
        Map<String, INDArray> in = inputs(11);
        Map<String, INDArray> ph = new HashMap<>(in);
        ph.putAll(neutral(tr.trainingMasks(2, SAMPLES, new int[] {SAMPLES, 5000}, new Random(1)), tr));
        List<String> names = tr.hiddenStateNames();
        Map<String, INDArray> a = inf.sameDiff().output(in, names);
        Map<String, INDArray> b = tr.sameDiff().output(ph, names);
        for (String n : names) {
            assertEquals(0.0, a.get(n).sub(b.get(n)).amaxNumber().doubleValue(), 1e-6, n);
        }
        // LayerDrop: skipping layer 0 makes hidden_states[1] equal hidden_states[0]
        ph.put(TrainingMasks.layerKeep(0), Nd4j.scalar(DataType.FLOAT, 0f)); // scalars are accepted too
        Map<String, INDArray> s = tr.sameDiff().output(ph, names.get(0), names.get(1));
        assertEquals(s.get(names.get(0)), s.get(names.get(1)));
        // real random masks change the output
        ph.putAll(tr.trainingMasks(2, SAMPLES, new int[] {SAMPLES, 5000}, new Random(2)));
        INDArray r = tr.sameDiff().output(ph, tr.lastHiddenState().name()).get(tr.lastHiddenState().name());
        assertTrue(r.sub(a.get(tr.lastHiddenState().name())).amaxNumber().doubleValue() > 1e-3);
    }

    @Test
    void fitStepWithMaskPlaceholdersAndFrozenFeatureEncoder() {
        HubertConfig c = HubertConfig.tinyLarge();
        SameDiff sd = SameDiff.create();
        HubertGraph g = HubertGraph.build(sd, c, HubertGraph.Mode.TRAINING, 9);
        SDVariable m = sd.expandDims(g.frameMask(), 2);
        SDVariable pooled = g.lastHiddenState().mul(m).sum(1).div(m.sum(1));
        SDVariable w = sd.var("heads.emotion.weight", Nd4j.randn(1L, new long[] {4, c.hiddenSize()}).castTo(DataType.FLOAT));
        SDVariable logits = sd.mmul(pooled, w, false, true, false);
        SDVariable label = sd.placeHolder("emotion_label", DataType.FLOAT, -1, 4);
        sd.loss.softmaxCrossEntropy("loss", label, logits, null);
        sd.setLossVariables("loss");
        sd.convertToConstants(new ArrayList<>(g.featureEncoderVariables()));
        List<String> features = new ArrayList<>(List.of(HubertGraph.INPUT_VALUES, HubertGraph.ATTENTION_MASK));
        features.addAll(g.trainingMaskNames());
        sd.setTrainingConfig(org.nd4j.autodiff.samediff.TrainingConfig.builder()
                .updater(new org.nd4j.linalg.learning.config.Adam(1e-3))
                .dataSetFeatureMapping(features.toArray(new String[0])).dataSetLabelMapping("emotion_label").build());
        Map<String, INDArray> in = inputs(17);
        Map<String, INDArray> masks = g.trainingMasks(2, SAMPLES, new int[] {SAMPLES, 5000}, new Random(4));
        List<INDArray> arrays = new ArrayList<>(List.of(in.get(HubertGraph.INPUT_VALUES), in.get(HubertGraph.ATTENTION_MASK)));
        g.trainingMaskNames().forEach(n -> arrays.add(masks.get(n)));
        INDArray y = Nd4j.createFromArray(new float[][] {{1, 0, 0, 0}, {0, 0, 1, 0}});
        INDArray conv0 = sd.getArrForVarName("feature_extractor.conv_layers.0.conv.weight").dup();
        INDArray q = sd.getArrForVarName("encoder.layers.0.attention.q_proj.weight").dup();
        var history = sd.fit(new org.nd4j.linalg.dataset.MultiDataSet(arrays.toArray(new INDArray[0]), new INDArray[] {y}));
        assertTrue(history != null);
        assertEquals(conv0, sd.getArrForVarName("feature_extractor.conv_layers.0.conv.weight"), "frozen CNN unchanged");
        assertTrue(q.sub(sd.getArrForVarName("encoder.layers.0.attention.q_proj.weight")).amaxNumber().doubleValue() > 0,
                "transformer weights were updated");
    }
}
