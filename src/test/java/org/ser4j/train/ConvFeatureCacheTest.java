package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.ser4j.audio.WaveformNormalizer;
import org.ser4j.config.Selection;
import org.ser4j.infer.EmotionRecognizer;
import org.ser4j.infer.Prediction;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;

/**
 * Training on cached CNN features must be the same model as training on waveforms with the CNN frozen: the graph
 * that starts at the CNN's output equals the whole graph, the cache holds exactly the CNN's output, and a model
 * trained on the cache, exported, and run on waveforms gives the logits the trainer computed.
 */
class ConvFeatureCacheTest {
    private static final HubertConfig CFG = HubertConfig.tinyLarge();

    @Test
    void graphStartingAtTheCnnOutputEqualsTheWholeGraph() {
        SameDiff whole = SameDiff.create();
        SpeechEncoder w = new HubertEncoderFactory(CFG, null, 3).build(whole, true);
        SameDiff part = SameDiff.create();
        SpeechEncoder f = new HubertEncoderFactory(CFG, null, 3).withConvFeatureInput().build(part, true);
        assertEquals(HubertGraph.EXTRACT_FEATURES, f.inputName());
        assertEquals(HubertGraph.FRAME_MASK, f.maskName());
        assertEquals(w.encoderVariables(), f.encoderVariables(), "same variables, CNN included");
        for (String n : w.encoderVariables()) {
            assertEquals(0.0, whole.getVariable(n).getArr().sub(part.getVariable(n).getArr()).amaxNumber()
                    .doubleValue(), 0.0, "same initial value of " + n);
        }
        Random r = new Random(1);
        float[][] x = new float[2][6400];
        float[][] m = new float[2][6400];
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 6400; i++) {
                boolean pad = b == 1 && i >= 4800;
                x[b][i] = pad ? 0f : (float) r.nextGaussian();
                m[b][i] = pad ? 0f : 1f;
            }
        }
        Map<String, INDArray> ph = new HashMap<>(HubertGraph.inputs(Nd4j.createFromArray(x), Nd4j.createFromArray(m)));
        ph.putAll(w.evalMasks(2, 6400, new int[] {6400, 4800}));
        Map<String, INDArray> out = whole.output(ph, "output.extract_features", "output.frame_mask",
                w.lastHiddenState().name());
        Map<String, INDArray> fph = new HashMap<>();
        fph.put(HubertGraph.EXTRACT_FEATURES, out.get("output.extract_features"));
        fph.put(HubertGraph.FRAME_MASK, out.get("output.frame_mask"));
        fph.putAll(f.evalMasks(2, 0, new int[] {0, 0}));
        INDArray got = part.output(fph, f.lastHiddenState().name()).get(f.lastHiddenState().name());
        INDArray expected = out.get(w.lastHiddenState().name());
        assertArrayEquals(expected.shape(), got.shape());
        assertEquals(0.0, got.sub(expected).amaxNumber().doubleValue(), 1e-5);
        // training masks are drawn per frame for this entry
        Map<String, INDArray> masks = f.trainingMasks(2, 19, new int[] {19, 14}, new Random(5));
        assertEquals(19, masks.get(org.ser4j.nn.hubert.TrainingMasks.SPEC_TIME).size(1));
    }

    @Test
    void cacheHoldsTheCnnOutputOfEachWholeNormalisedUtteranceAndIsShared(@TempDir Path dir) throws Exception {
        SyntheticExamples data = new SyntheticExamples(2, 2, 3);
        SameDiff sd = SameDiff.create();
        HubertGraph g = HubertGraph.build(sd, CFG, HubertGraph.Mode.INFERENCE, 11);
        Map<String, INDArray> cnn = new LinkedHashMap<>();
        for (var v : g.featureEncoderVariables()) {
            cnn.put(v.name(), v.getArr());
        }
        ConvFeatureCache.forgetLoaded();
        ConvFeatureCache c = ConvFeatureCache.of(CFG, cnn, data.examples, data.source(), true, "k", dir);
        assertSame(c, ConvFeatureCache.of(CFG, cnn, data.examples.subList(0, data.examples.size()), data.source(), true,
                "k", dir), "one computation per key in a process");
        assertTrue(Files.isRegularFile(dir.resolve(ConvFeatureCache.fileName(c.key()))));
        int channels = CFG.convDim().get(CFG.numConvLayers() - 1);
        assertEquals(channels, c.width());
        for (Example e : List.of(data.examples.get(0), data.examples.get(5))) {
            float[] w = WaveformNormalizer.normalize(data.waves.get(e.uttId()));
            INDArray x = Nd4j.createFromArray(new float[][] {w});
            INDArray f = sd.output(HubertGraph.inputs(x, null), "output.extract_features").get("output.extract_features");
            float[] expected = f.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all()).dup('c').data().asFloat();
            float[] got = c.rows(e);
            assertEquals(CFG.framesFor(w.length) * channels, got.length);
            assertArrayEquals(expected, got, 1e-5f, e.uttId());
        }
        // another process reads the file back; other weights are another key
        ConvFeatureCache.forgetLoaded();
        ConvFeatureCache again = ConvFeatureCache.of(CFG, cnn, data.examples, data.source(), true, "k", dir);
        assertNotSame(c, again);
        assertArrayEquals(c.rows(data.examples.get(3)), again.rows(data.examples.get(3)), 0f);
        Map<String, INDArray> other = new LinkedHashMap<>(cnn);
        String first = other.keySet().iterator().next();
        other.put(first, other.get(first).add(0.01));
        assertTrue(!ConvFeatureCache.of(CFG, other, data.examples, data.source(), true, "k", null).key().equals(c.key()));
        // a crop of rows matches the CNN output of the matching waveform crop away from the crop's edges
        Example e = data.examples.get(2);
        float[] w = WaveformNormalizer.normalize(data.waves.get(e.uttId()));
        int offsetFrames = 3;
        int frames = 6;
        float[] crop = java.util.Arrays.copyOfRange(w, offsetFrames * 320, (offsetFrames + frames) * 320 + 80);
        INDArray f = sd.output(HubertGraph.inputs(Nd4j.createFromArray(new float[][] {crop}), null),
                "output.extract_features").get("output.extract_features");
        assertEquals(frames, f.size(1));
        float[] rows = c.rows(e);
        float[] expected = f.dup('c').data().asFloat();
        float[] got = java.util.Arrays.copyOfRange(rows, offsetFrames * channels, (offsetFrames + frames) * channels);
        assertArrayEquals(expected, got, 1e-4f);
    }

    /** Independent recomputation: the same model freshly built, pooled outputs of the same seeded sample. */
    static float[][] statsOfInitialModel(SyntheticExamples data, FoldData fold, ConvFeatureCache cache,
                                                 TrainSettings s) {
        HubertEncoderFactory ef = new HubertEncoderFactory(CFG, null, 4).withConvFeatureInput();
        MultitaskModel fresh = MultitaskModel.build(ef, new ModelSpec(MultitaskModelTest.EMO, MultitaskModelTest.DOM,
                16, false, 1, 9, true));
        List<Example> sample = new ArrayList<>(fold.train());
        java.util.Collections.shuffle(sample, new Random(org.ser4j.util.Seeds.derive(s.seed(), "fe-norm")));
        EvalResult r = new Evaluator(fresh, cache, 5, s.maxTrainSamples()).evaluate("x", sample, true);
        int n = r.embeddings().length;
        int d = r.embeddings()[0].length;
        float[][] out = new float[2][d];
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (float[] e : r.embeddings()) {
                m += e[j] / (double) n;
            }
            double v = 0;
            for (float[] e : r.embeddings()) {
                v += (e[j] - m) * (e[j] - m) / n;
            }
            out[0][j] = (float) m;
            out[1][j] = (float) Math.sqrt(v);
        }
        return out;
    }

    @Test
    void modelTrainedOnCachedFeaturesRunsOnWaveformsWithTheTrainersLogits(@TempDir Path dir) throws Exception {
        SyntheticExamples data = new SyntheticExamples(2, 2, 3);
        HubertEncoderFactory ef = new HubertEncoderFactory(CFG, null, 4).withConvFeatureInput();
        ModelSpec spec = new ModelSpec(MultitaskModelTest.EMO, MultitaskModelTest.DOM, 16, false, 1, 9, true);
        MultitaskModel m = MultitaskModel.build(ef, spec);
        Map<String, INDArray> cnn = m.featureEncoderWeights();
        Map<String, INDArray> cnnBefore = new HashMap<>();
        cnn.forEach((k, v) -> cnnBefore.put(k, v.dup()));
        ConvFeatureCache.forgetLoaded();
        ConvFeatureCache cache = ConvFeatureCache.of(CFG, cnn, data.examples, data.source(), true, "k", null);
        TrainSettings s = new TrainSettings("train", 4, 4, 1, 1e-3, 1e-2, 0.0, 0.01, 1.0, 2, 4, Selection.TEST,
                org.ser4j.config.GrlConfig.defaults(), 8000, 0, 8, Set.copyOf(m.encoder().featureEncoderVariables()),
                null, 1, true);
        String probe = "encoder.layers.0.attention.q_proj.weight";
        INDArray before = m.sameDiff().getVariable(probe).getArr().dup();
        FoldData fold = data.fold(1);
        FoldTrainer.Outcome o = new FoldTrainer(m, fold, cache, s, dir.resolve("fold"),
                new ModelDirectoryExporter(ef, spec, true, null), null).run();
        assertTrue(m.sameDiff().getVariable(probe).getArr().sub(before).amaxNumber().doubleValue() > 0,
                "the transformer trains on cached features");
        for (var e : cnnBefore.entrySet()) {
            assertEquals(0.0, m.sameDiff().getVariable(e.getKey()).getArr().sub(e.getValue()).amaxNumber()
                    .doubleValue(), 0.0, "the CNN stays frozen: " + e.getKey());
        }
        // the final weights, exported, run on raw waveforms through the public API
        assertExportedModelGivesTrainerLogits(dir.resolve("model"), ef, spec, m, cache, fold, data);
        assertTrue(o.selectedStep() >= 2);
        // the pooled-output statistics were measured before the first step and never trained
        INDArray std = m.sameDiff().getVariable(org.ser4j.nn.heads.PooledStandardization.STD).getArr();
        assertTrue(Math.abs(std.meanNumber().doubleValue() - 1.0) > 1e-3, "statistics set: " + std);
        float[][] stats = statsOfInitialModel(data, fold, cache, s);
        assertArrayEquals(stats[1], std.toFloatVector(), 1e-5f);
        assertArrayEquals(stats[0], m.sameDiff().getVariable(org.ser4j.nn.heads.PooledStandardization.MEAN).getArr()
                .toFloatVector(), 1e-5f);
    }

    /**
     * Exports {@code m} as a model directory and checks that {@link EmotionRecognizer}, on the raw waveforms of the
     * fold's test utterances, gives the trainer's evaluation logits (1e-4). Shared with the batch-statistics test.
     */
    static void assertExportedModelGivesTrainerLogits(Path model, HubertEncoderFactory ef, ModelSpec spec,
                                                      MultitaskModel m, ConvFeatureCache cache, FoldData fold,
                                                      SyntheticExamples data) throws Exception {
        new ModelDirectoryExporter(ef, spec, true, null).writeModelDirectory(model, SystemRunner.parameters(m),
                Map.of());
        EvalResult ev = new Evaluator(m, cache, 3, 0).evaluate("test", fold.test(), false);
        try (EmotionRecognizer rec = EmotionRecognizer.load(model)) {
            List<Example> test = new ArrayList<>(fold.test());
            for (int i = 0; i < test.size(); i++) {
                Prediction p = rec.predict(data.waves.get(test.get(i).uttId()), 16000);
                assertArrayEquals(ev.emotionLogits()[i], p.logits(), 1e-4f, test.get(i).uttId());
            }
        }
    }
}
