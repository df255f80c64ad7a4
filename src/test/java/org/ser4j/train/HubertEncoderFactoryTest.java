package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.config.Selection;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;

class HubertEncoderFactoryTest {
    /** The TRAINING graph fed with the "all off" evaluation masks equals the INFERENCE graph. */
    @Test
    void evalMasksSwitchEveryStochasticPartOff() {
        HubertConfig cfg = HubertConfig.tinyLarge();
        SameDiff train = SameDiff.create();
        SpeechEncoder enc = new HubertEncoderFactory(cfg, null, 3).build(train, true);
        SameDiff infer = SameDiff.create();
        HubertGraph ref = HubertGraph.build(infer, cfg, HubertGraph.Mode.INFERENCE, 3);

        Random r = new Random(1);
        float[][] x = new float[2][6400];
        float[][] m = new float[2][6400];
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 6400; i++) {
                x[b][i] = b == 1 && i >= 4800 ? 0f : (float) r.nextGaussian();
                m[b][i] = b == 1 && i >= 4800 ? 0f : 1f;
            }
        }
        Map<String, INDArray> ph = new HashMap<>(HubertGraph.inputs(Nd4j.createFromArray(x), Nd4j.createFromArray(m)));
        INDArray expected = infer.output(ph, ref.lastHiddenState().name()).get(ref.lastHiddenState().name());
        Map<String, INDArray> evalPh = new HashMap<>(ph);
        Map<String, INDArray> masks = enc.evalMasks(2, 6400, new int[] {6400, 4800});
        assertFalse(masks.isEmpty(), "tiny-large has dropout and SpecAugment placeholders in TRAINING mode");
        evalPh.putAll(masks);
        INDArray got = train.output(evalPh, enc.lastHiddenState().name()).get(enc.lastHiddenState().name());
        assertEquals(0.0, got.sub(expected).amaxNumber().doubleValue(), 1e-5);

        Map<String, INDArray> trainPh = new HashMap<>(ph);
        trainPh.putAll(enc.trainingMasks(2, 6400, new int[] {6400, 4800}, new Random(5)));
        INDArray noisy = train.output(trainPh, enc.lastHiddenState().name()).get(enc.lastHiddenState().name());
        assertTrue(noisy.sub(expected).amaxNumber().doubleValue() > 1e-3, "training masks must change the output");
        assertTrue(enc.featureEncoderVariables().stream().allMatch(n -> n.startsWith("feature_extractor.")));
    }

    /** A few DANN steps on the real (tiny) HuBERT graph; the exported folder loads as a model directory. */
    @Test
    void trainsOnTheHubertGraphAndExportsALoadableModelDirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        HubertEncoderFactory ef = new HubertEncoderFactory(HubertConfig.tinyLarge(), null, 4);
        ModelSpec spec = new ModelSpec(MultitaskModelTest.EMO, MultitaskModelTest.DOM, 16, true, -1, 9);
        MultitaskModel m = MultitaskModel.build(ef, spec);
        SyntheticExamples data = new SyntheticExamples(2, 2, 3);
        TrainSettings s = new TrainSettings("train", 3, 4, 1, 1e-3, 1e-3, 0.0, 0.01, 1.0, 3, 3, Selection.TEST,
                org.ser4j.config.GrlConfig.defaults(), 8000, 8000, 8,
                java.util.Set.copyOf(m.encoder().featureEncoderVariables()), null, 1, true);
        String probe = "encoder.layers.0.attention.q_proj.weight";
        INDArray before = m.sameDiff().getVariable(probe).getArr().dup();
        FoldTrainer.Outcome o = new FoldTrainer(m, data.fold(1), data.source(), s, dir.resolve("fold"),
                new ModelDirectoryExporter(ef, spec, true, null), null).run();
        assertEquals(3, o.selectedStep());
        assertTrue(m.sameDiff().getVariable(probe).getArr().sub(before).amaxNumber().doubleValue() > 0,
                "encoder weights must train");
        org.ser4j.weights.ModelDirectory md = org.ser4j.weights.ModelDirectory.load(dir.resolve("fold/checkpoint"));
        assertEquals(MultitaskModelTest.EMO, md.info().labels());
        assertEquals(java.util.List.of("emotion", "domain"), md.info().heads());
        assertTrue(md.tensors().containsKey("heads.emotion.classifier.weight"));
        assertTrue(md.tensors().containsKey("heads.layer_weights"));
        org.ser4j.weights.ModelDirectory.Loaded loaded = md.buildGraph(SameDiff.create(), HubertGraph.Mode.INFERENCE,
                org.ser4j.weights.WeightImporter.Policy.strict());
        assertTrue(loaded.report().missing().isEmpty() && loaded.report().misshaped().isEmpty(),
                loaded.report().describe());
        assertEquals(0.0, loaded.graph().sameDiff().getVariable(probe).getArr()
                .sub(m.sameDiff().getVariable(probe).getArr()).amaxNumber().doubleValue(), 0.0);
    }

    /**
     * model.encoder_regularization: false: a training step's masks are the evaluation masks, so the FE output in
     * training equals the one of evaluation (and of the INFERENCE graph); on, the masks change it.
     */
    @Test
    void regularizationOffTrainsOnTheEvaluationForward() {
        HubertConfig cfg = HubertConfig.tinyLarge();
        HubertEncoderFactory on = new HubertEncoderFactory(cfg, null, 3);
        HubertEncoderFactory off = on.withRegularization(false);
        assertTrue(on.regularizes());
        assertFalse(off.regularizes());
        SameDiff sd = SameDiff.create();
        SpeechEncoder enc = off.build(sd, true);
        Random r = new Random(2);
        float[][] x = new float[2][4800];
        float[][] m = new float[2][4800];
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 4800; i++) {
                x[b][i] = b == 1 && i >= 3200 ? 0f : (float) r.nextGaussian();
                m[b][i] = b == 1 && i >= 3200 ? 0f : 1f;
            }
        }
        Map<String, INDArray> ph = HubertGraph.inputs(Nd4j.createFromArray(x), Nd4j.createFromArray(m));
        String out = enc.lastHiddenState().name();
        Map<String, INDArray> evalPh = new HashMap<>(ph);
        evalPh.putAll(enc.evalMasks(2, 4800, new int[] {4800, 3200}));
        INDArray clean = sd.output(evalPh, out).get(out);
        for (int seed = 0; seed < 3; seed++) {
            Map<String, INDArray> masks = enc.trainingMasks(2, 4800, new int[] {4800, 3200}, new Random(seed));
            assertEquals(enc.evalMasks(2, 4800, new int[] {4800, 3200}).keySet(), masks.keySet());
            Map<String, INDArray> trainPh = new HashMap<>(ph);
            trainPh.putAll(masks);
            assertEquals(0.0, sd.output(trainPh, out).get(out).sub(clean).amaxNumber().doubleValue(), 0.0);
        }
        SameDiff sdOn = SameDiff.create();
        SpeechEncoder encOn = on.build(sdOn, true);
        Map<String, INDArray> noisyPh = new HashMap<>(ph);
        noisyPh.putAll(encOn.trainingMasks(2, 4800, new int[] {4800, 3200}, new Random(0)));
        Map<String, INDArray> cleanPh = new HashMap<>(ph);
        cleanPh.putAll(encOn.evalMasks(2, 4800, new int[] {4800, 3200}));
        String outOn = encOn.lastHiddenState().name();
        assertTrue(sdOn.output(noisyPh, outOn).get(outOn).sub(sdOn.output(cleanPh, outOn).get(outOn))
                .amaxNumber().doubleValue() > 1e-3, "with regularisation on the training masks change the output");
        assertFalse(off.withConvFeatureInput().regularizes(), "the CNN-feature variant keeps the setting");
    }

    @Test
    void layerDropIsRemovedForLayerWeights() {
        assertEquals(0.0, HubertEncoderFactory.withoutLayerDrop(HubertConfig.tinyLarge()).layerdrop());
        assertEquals(HubertConfig.tinyLarge().hiddenSize(),
                HubertEncoderFactory.withoutLayerDrop(HubertConfig.tinyLarge()).hiddenSize());
    }
}
