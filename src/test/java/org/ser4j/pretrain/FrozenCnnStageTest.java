package org.ser4j.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.util.BadInputException;

class FrozenCnnStageTest {

    /**
     * The cached-feature path computes the same masked-prediction loss and transformer gradients as the waveform
     * path when it is fed the CNN output of the same crops: masking acts after the feature projection, so nothing
     * between the two entries differs. (Padded crops included: the frame mask comes from the sample lengths.)
     */
    @Test
    void aFeatureStepEqualsAWaveformStepWithTheCnnFrozen() {
        HubertConfig enc = PretrainRun.pretrainingEncoder(PretrainTest.tinyModel());
        UnlabelledCrops c = PretrainTest.crops(4, 5);
        ClusterTargets t = ClusterTargets.fit(c, new PretrainConfig.Targets("clusters", 4, 40, 10, 0), 3);
        PretrainModel wave = PretrainModel.build(enc, 4, 8, 0.1, 0.3, 21);
        PretrainModel feat = PretrainModel.build(enc, 4, 8, 0.1, 0.3, 21, HubertGraph.Entry.CONV_FEATURES);
        for (Map.Entry<String, INDArray> e : wave.parameters().entrySet()) {
            assertEquals(e.getValue(), feat.parameters().get(e.getKey()), "same init for " + e.getKey());
        }
        int[] items = {0, 1, 2, 3};
        int frames = enc.framesFor(PretrainTest.CROP);
        Map<String, INDArray> ph = new WaveformBatches(wave, c, t).placeholders(items, new Random(4),
                new double[items.length * frames]);
        String cnnOut = wave.encoder().extractFeatures().name();
        String frameMask = wave.encoder().frameMask().name();
        Map<String, INDArray> out = wave.sameDiff().output(ph, cnnOut, frameMask);

        Map<String, INDArray> fph = new HashMap<>(ph);
        fph.remove(HubertGraph.INPUT_VALUES);
        fph.remove(HubertGraph.ATTENTION_MASK);
        fph.put(HubertGraph.EXTRACT_FEATURES, out.get(cnnOut));
        fph.put(HubertGraph.FRAME_MASK, out.get(frameMask));
        assertTrue(out.get(frameMask).sumNumber().doubleValue() < items.length * frames, "a padded crop is included");

        List<String> transformer = Pretrainer.trainable(feat);
        for (SDVariable v : wave.encoder().featureEncoderVariables()) {
            assertTrue(!transformer.contains(v.name()), "the CNN is not trained on features: " + v.name());
        }
        var gw = wave.sameDiff().calculateGradientsAndOutputs(ph, List.of(PretrainModel.LOSS), transformer);
        var gf = feat.sameDiff().calculateGradientsAndOutputs(fph, List.of(PretrainModel.LOSS), transformer);
        double lw = gw.getOutputs().get(PretrainModel.LOSS).getDouble(0);
        double lf = gf.getOutputs().get(PretrainModel.LOSS).getDouble(0);
        assertEquals(lw, lf, 1e-5 * Math.abs(lw), "loss");
        for (String n : transformer) {
            INDArray a = gw.getGradients().get(n);
            INDArray b = gf.getGradients().get(n);
            double scale = Math.max(1e-6, a.amaxNumber().doubleValue());
            assertEquals(0.0, a.sub(b).amaxNumber().doubleValue() / scale, 1e-3, "gradient of " + n);
        }
    }

    /** Features whose every value is the frame index, targets = index mod K: a crop keeps them aligned. */
    @Test
    void featureCropsKeepFramesTargetsAndPaddingAligned() {
        HubertConfig enc = PretrainRun.pretrainingEncoder(PretrainTest.tinyModel());
        PretrainModel m = PretrainModel.build(enc, 4, 8, 0.1, 0.0, 2, HubertGraph.Entry.CONV_FEATURES);
        int ch = enc.convDim().get(enc.numConvLayers() - 1);
        int[] lengths = {30, 9, 12};
        List<float[]> features = new ArrayList<>();
        int[][] labels = new int[lengths.length][];
        for (int u = 0; u < lengths.length; u++) {
            float[] f = new float[lengths[u] * ch];
            labels[u] = new int[lengths[u]];
            for (int t = 0; t < lengths[u]; t++) {
                java.util.Arrays.fill(f, t * ch, (t + 1) * ch, 1000f * u + t);
                labels[u][t] = t % 4;
            }
            features.add(f);
        }
        int frames = 12;
        FeatureBatches b = new FeatureBatches(m, features, labels, frames);
        double[] masked = new double[3 * frames];
        Map<String, INDArray> ph = b.placeholders(new int[] {0, 1, 2}, new Random(9), masked);
        float[] x = ph.get(HubertGraph.EXTRACT_FEATURES).data().asFloat();
        float[] fm = ph.get(HubertGraph.FRAME_MASK).data().asFloat();
        float[] y = ph.get(PretrainModel.TARGETS).data().asFloat();
        float[] time = ph.get(PretrainModel.timeMaskName()).data().asFloat();
        float[] mw = ph.get(PretrainModel.MASKED_WEIGHTS).data().asFloat();
        for (int i = 0; i < 3; i++) {
            int valid = Math.min(lengths[i], frames);
            for (int f = 0; f < frames; f++) {
                int row = i * frames + f;
                if (f >= valid) {
                    assertEquals(0f, fm[row]);
                    assertEquals(0f, x[row * ch]);
                    assertEquals(0f, y[row * 4] + y[row * 4 + 1] + y[row * 4 + 2] + y[row * 4 + 3]);
                    assertEquals(0f, time[row], "no mask span on padding");
                    continue;
                }
                assertEquals(1f, fm[row]);
                int t = (int) (x[row * ch] - 1000f * i);
                assertEquals(1000f * i + t, x[row * ch + ch - 1]);
                assertEquals(1f, y[row * 4 + t % 4], "target of frame " + t + " of utterance " + i);
                assertEquals(time[row] > 0.5f ? 1f : 0f, mw[row]);
                if (f > 0) {
                    assertEquals(x[(row - 1) * ch] + 1f, x[row * ch], "consecutive frames");
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new FeatureBatches(m, features,
                new int[][] {labels[0], labels[1], new int[5]}, frames));
    }

    /** A frozen-CNN stage (iteration-2 targets) resumes exactly, keeps the CNN, and trains the transformer. */
    @Test
    void aFrozenCnnStageWithIteration2TargetsResumesExactlyAndKeepsTheCnn(@TempDir Path dir) throws Exception {
        PretrainConfig.Model model = PretrainTest.tinyModel();
        HubertConfig enc = PretrainRun.pretrainingEncoder(model);
        PretrainModel previous = PretrainModel.build(enc, 4, 8, 0.1, 0.0, 31);
        UnlabelledCrops c = PretrainTest.crops(12, 6);
        UnlabelledUtterances utts = new UnlabelledUtterances(c.ids(), c.waves());
        List<float[]> features = FrozenCnnStage.cnnFeatures(previous, utts);
        PretrainConfig.Stage stage = new PretrainConfig.Stage("it2", "hidden_1", 4, 60, 0.15, 6, 0, 4, 0.01, 0.0,
                0.0, 1.0, 3);
        PretrainConfig cfg = new PretrainConfig("t", 5, "runs", "out", new PretrainConfig.Data(1, 6, 6, 1, 0.25),
                new PretrainConfig.Targets("clusters", 4, 60, 10, 0), model, PretrainTest.train(1, 0), List.of(stage), null);

        FrozenCnnStage.Outcome straight = FrozenCnnStage.run(cfg, stage, previous, features, utts.normalised(),
                dir.resolve("straight"), 2, null);
        Map<String, Object> p = straight.provenance();
        assertEquals(6, p.get("steps"));
        assertTrue((double) p.get("held_out_masked_accuracy") >= 0);
        Map<String, INDArray> before = previous.encoderTensors();
        Map<String, INDArray> after = straight.model().encoderTensors();
        for (SDVariable v : previous.encoder().featureEncoderVariables()) {
            assertEquals(before.get(v.name()), after.get(v.name()), "CNN unchanged: " + v.name());
        }
        assertTrue(before.get("encoder.layers.0.attention.q_proj.weight")
                .sub(after.get("encoder.layers.0.attention.q_proj.weight")).amaxNumber().doubleValue() > 0);

        // Interrupted after step 3 (the checkpoint), then run again: the same weights as the straight run.
        Path resumed = dir.resolve("resumed");
        PretrainConfig.Stage stopping = stage;
        FrozenCnnStage.stopAfterForTest = 3;
        try {
            assertNull(FrozenCnnStage.run(cfg, stopping, previous, features, utts.normalised(), resumed, 2, null));
        } finally {
            FrozenCnnStage.stopAfterForTest = -1;
        }
        // stop_at 3 on the same 6-step schedule: exactly the weights of that checkpoint, scored and reported.
        PretrainConfig.Stage cut = new PretrainConfig.Stage("it2", "hidden_1", 4, 60, 0.15, 6, 3, 4, 0.01, 0.0, 0.0,
                1.0, 3);
        FrozenCnnStage.Outcome cutOutcome = FrozenCnnStage.run(cfg, cut, previous, features, utts.normalised(),
                dir.resolve("cut"), 2, null);
        assertEquals(3, cutOutcome.provenance().get("steps"));
        Map<String, INDArray> atThree = org.ser4j.weights.SafetensorsReader.read(
                resumed.resolve("stage-it2/checkpoint/model.safetensors"));
        for (Map.Entry<String, INDArray> e : cutOutcome.model().parameters().entrySet()) {
            assertEquals(0.0, e.getValue().sub(atThree.get(e.getKey())).amaxNumber().doubleValue(), 1e-6, e.getKey());
        }
        FrozenCnnStage.Outcome again = FrozenCnnStage.run(cfg, stage, previous, features, utts.normalised(), resumed,
                2, null);
        assertNotNull(again);
        for (Map.Entry<String, INDArray> e : straight.model().parameters().entrySet()) {
            assertEquals(0.0, e.getValue().sub(again.model().parameters().get(e.getKey())).amaxNumber().doubleValue(),
                    1e-6, e.getKey());
        }
        assertEquals(Files.readAllLines(dir.resolve("straight/stage-it2/metrics.jsonl")),
                Files.readAllLines(resumed.resolve("stage-it2/metrics.jsonl")));

        // A stage checkpoint is not resumed from another start.
        PretrainModel other = PretrainModel.build(enc, 4, 8, 0.1, 0.0, 32);
        assertThrows(BadInputException.class, () -> FrozenCnnStage.run(cfg, stage, other, features,
                utts.normalised(), resumed, 2, null));
    }

    @Test
    void stagesAreValidatedByName(@TempDir Path dir) throws Exception {
        // The shipped config plus one frozen-CNN stage (the shipped encoder needs none; the stages stay supported).
        Path src = dir.resolve("staged.yaml");
        Files.writeString(src, Files.readString(Path.of("experiments/pretrain-tiny.yaml")) + """
                stages:
                  - name: frozen-cnn-mfcc
                    targets: mfcc
                    clusters: 64
                    kmeans_frames: 20000
                    crop_seconds: 2.0
                    steps: 2000
                    stop_at: 1000
                    batch_size: 8
                    lr: 0.001
                    warmup_ratio: 0.08
                    weight_decay: 0.01
                    clip_norm: 1.0
                    checkpoint_every: 250
                """);
        assertTrue(!PretrainConfig.load(src).stages().isEmpty(), "the staged config has frozen-CNN stages");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(src).replaceFirst("targets: mfcc", "targets: hidden_7"));
        BadInputException e = assertThrows(BadInputException.class, () -> PretrainConfig.load(bad));
        assertTrue(e.getMessage().contains("hidden_7"), e.getMessage());
        Files.writeString(bad, Files.readString(src).replaceFirst("crop_seconds: 2", "crop_secondz: 2"));
        e = assertThrows(BadInputException.class, () -> PretrainConfig.load(bad));
        // Jackson builds list items before it reports their unknown keys, so the missing key may be named instead.
        assertTrue(e.getMessage().contains("crop_secondz") || e.getMessage().contains("crop_seconds"), e.getMessage());
    }
}
