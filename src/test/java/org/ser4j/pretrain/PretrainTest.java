package org.ser4j.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.audio.MfccConfig;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.util.BadInputException;
import org.ser4j.weights.ModelDirectory;

class PretrainTest {
    static final int CROP = 4000; // 0.25 s: 11 frames

    static PretrainConfig.Model tinyModel() {
        return new PretrainConfig.Model(16, 1, 2, 32, 8, 4, 2, 0.5, 2, 8, 0.1, 0.0);
    }

    static PretrainConfig.Train train(int steps, int checkpointEvery) {
        return new PretrainConfig.Train(steps, 4, 0.01, 0.0, 0.0, 1.0, checkpointEvery);
    }

    /** Crops of chirps/tones whose pitch changes every 60 ms: clusterable MFCC frames, deterministic. */
    static UnlabelledCrops crops(int n, long seed) {
        Random r = new Random(seed);
        List<String> ids = new ArrayList<>();
        List<float[]> waves = new ArrayList<>();
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            float[] x = new float[CROP];
            int valid = i % 4 == 3 ? CROP - 1000 : CROP; // some padded crops
            double f = 200;
            double phase = 0;
            for (int s = 0; s < valid; s++) {
                if (s % 960 == 0) {
                    f = 150 + 100 * r.nextInt(20);
                }
                phase += 2 * Math.PI * f / 16000;
                x[s] = (float) (Math.sin(phase) + 0.05 * r.nextGaussian());
            }
            ids.add("c" + i);
            waves.add(x);
            lengths[i] = valid;
        }
        return new UnlabelledCrops(ids, waves, lengths, CROP, UnlabelledCrops.fingerprint(ids, waves, lengths));
    }

    @Test
    void mfccFramesMasksAndTargetsLineUpWithTheConvStack() {
        HubertConfig enc = PretrainRun.pretrainingEncoder(tinyModel());
        MfccConfig mfcc = MfccConfig.hubertFrames16k();
        for (int n : new int[] {400, 719, 720, 4000, 8000, 16000, 16319, 16320, 48_123}) {
            assertEquals(enc.framesFor(n), mfcc.frameCount(n), "frames for " + n + " samples");
        }
        UnlabelledCrops c = crops(8, 1);
        ClusterTargets t = ClusterTargets.fit(c, new PretrainConfig.Targets("clusters", 4, 60, 10, 0), 3);
        int frames = enc.framesFor(CROP);
        for (int i = 0; i < c.size(); i++) {
            assertEquals(frames, t.labels()[i].length);
            int valid = enc.framesFor(c.lengths()[i]);
            for (int f = 0; f < frames; f++) {
                assertEquals(f >= valid, t.labels()[i][f] < 0, "padding frames and only they have no target");
            }
        }
        // The time mask and the weights have one entry per conv frame; padded frames never count.
        PretrainModel m = PretrainModel.build(enc, 4, 8, 0.1, 0.0, 1);
        Pretrainer p = new Pretrainer(m, c, t, train(1, 0), 5, 2, null, null);
        double[] masked = new double[4 * frames];
        Map<String, INDArray> ph = p.placeholders(new int[] {0, 1, 2, 3}, new Random(1), masked);
        assertArrayEquals(new long[] {4, frames}, ph.get(PretrainModel.timeMaskName()).shape());
        assertArrayEquals(new long[] {4L * frames, 4}, ph.get(PretrainModel.TARGETS).shape());
        float[] mw = ph.get(PretrainModel.MASKED_WEIGHTS).data().asFloat();
        float[] uw = ph.get(PretrainModel.UNMASKED_WEIGHTS).data().asFloat();
        int validPadded = enc.framesFor(c.lengths()[3]);
        for (int f = validPadded; f < frames; f++) {
            assertEquals(0f, mw[3 * frames + f] + uw[3 * frames + f]);
        }
        assertTrue(java.util.Arrays.stream(masked).sum() > 0, "some frames are masked");
        INDArray logits = m.sameDiff().output(ph, PretrainModel.LOGITS).get(PretrainModel.LOGITS);
        assertArrayEquals(new long[] {4L * frames, 4}, logits.shape());
    }

    @Test
    void kmeansIsDeterministicForASeed() {
        UnlabelledCrops c = crops(12, 2);
        PretrainConfig.Targets t = new PretrainConfig.Targets("clusters", 6, 100, 20, 0);
        ClusterTargets a = ClusterTargets.fit(c, t, 42);
        ClusterTargets b = ClusterTargets.fit(c, t, 42);
        assertEquals(6, a.clusters());
        for (int i = 0; i < a.labels().length; i++) {
            assertArrayEquals(a.labels()[i], b.labels()[i]);
        }
        for (int k = 0; k < a.clusters(); k++) {
            assertArrayEquals(a.centroids()[k], b.centroids()[k], 0.0);
        }
        ClusterTargets other = ClusterTargets.fit(c, t, 43);
        boolean differs = false;
        for (int k = 0; k < a.clusters() && !differs; k++) {
            differs = !java.util.Arrays.equals(a.centroids()[k], other.centroids()[k]);
        }
        assertTrue(differs, "another seed gives another initialisation");
    }

    @Test
    void stepsLowerTheMaskedLossAndACheckpointResumesExactly(@TempDir Path dir) throws Exception {
        UnlabelledCrops c = crops(12, 3);
        ClusterTargets t = ClusterTargets.fit(c, new PretrainConfig.Targets("clusters", 4, 100, 20, 0), 7);
        HubertConfig enc = PretrainRun.pretrainingEncoder(tinyModel());
        int steps = 6;
        int[] all = new int[c.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }

        PretrainModel straight = PretrainModel.build(enc, 4, 8, 0.1, 0.0, 11);
        Pretrainer ps = new Pretrainer(straight, c, t, train(steps, 0), 5, 0, dir.resolve("straight"), null);
        double before = ps.score(all).loss();
        Pretrainer.Result r = ps.run();
        double after = ps.score(all).loss();
        assertTrue(after < before - 0.05, "masked loss " + before + " -> " + after + " after " + steps + " steps");
        assertEquals(steps, r.steps());
        assertTrue(Files.isRegularFile(dir.resolve("straight/metrics.jsonl")));

        // Interrupted after step 3 (checkpoint every 3), resumed in a fresh graph: the same weights as straight.
        PretrainModel first = PretrainModel.build(enc, 4, 8, 0.1, 0.0, 11);
        Pretrainer p1 = new Pretrainer(first, c, t, train(steps, 3), 5, 0, dir.resolve("resumed"), null);
        p1.stopAfter(3);
        assertNull(p1.run());
        Map<String, INDArray> saved = org.ser4j.weights.SafetensorsReader.read(
                dir.resolve("resumed/checkpoint/model.safetensors"));
        for (Map.Entry<String, INDArray> e : first.parameters().entrySet()) {
            assertEquals(e.getValue(), saved.get(e.getKey()), "checkpoint round-trips " + e.getKey());
        }
        PretrainModel second = PretrainModel.build(enc, 4, 8, 0.1, 0.0, 999); // other init: must be overwritten
        Pretrainer p2 = new Pretrainer(second, c, t, train(steps, 3), 5, 0, dir.resolve("resumed"), null);
        assertNotNull(p2.run());
        Map<String, INDArray> a = straight.parameters();
        Map<String, INDArray> b = second.parameters();
        assertEquals(a.keySet(), b.keySet());
        for (String n : a.keySet()) {
            assertEquals(0.0, a.get(n).sub(b.get(n)).amaxNumber().doubleValue(), 1e-6, n);
        }
        assertEquals(Files.readAllLines(dir.resolve("straight/metrics.jsonl")),
                Files.readAllLines(dir.resolve("resumed/metrics.jsonl")));

        // Export: a model directory that ModelDirectory (ser4j embed) loads, with the provenance kept.
        Path out = dir.resolve("model");
        PretrainRun.export(out, PretrainRun.fineTuningEncoder(tinyModel()), straight.encoderTensors(),
                Map.of("steps", steps, "seed", 5));
        ModelDirectory md = ModelDirectory.load(out);
        assertEquals(16, md.config().hiddenSize());
        assertTrue(Files.readString(out.resolve("ser4j-model.json")).contains("\"pretraining\""));
        assertFalse(md.tensors().keySet().stream().anyMatch(k -> k.startsWith(PretrainModel.HEAD_PREFIX)));
    }

    @Test
    void configRejectsUnknownKeysByName(@TempDir Path dir) throws Exception {
        Path src = Path.of("experiments/pretrain-tiny.yaml");
        PretrainConfig ok = PretrainConfig.load(src);
        assertTrue(ok.utterances() >= 2000, "the shipped config pre-trains on >= 2000 utterances");
        assertTrue(ok.data().speakerFrom() > 5, "no speaker of a default demo corpus (1..5 per domain)");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(src).replace("  cepstra:", "  cepstraz:"));
        BadInputException e = assertThrows(BadInputException.class, () -> PretrainConfig.load(bad));
        assertTrue(e.getMessage().contains("cepstraz") && e.getMessage().contains("bad.yaml"), e.getMessage());
    }
}
