package org.ser4j.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.util.BadInputException;

/** The multi-target regression objective: its pitch and targets, a training run, and bit-identical reruns. */
class RegressionPretrainTest {

    @Test
    void pitchOfAToneIsItsFrequencyAndNoiseIsUnvoiced() {
        for (double f0 : new double[] {80, 150, 220, 410}) {
            float[] x = new float[2000];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.sin(2 * Math.PI * f0 * i / 16000);
            }
            double[] p = FrameRegressionTargets.pitch(x, 320, 400, 16000);
            assertEquals(f0, p[0], f0 * 0.03, "f0 of a " + f0 + " Hz tone");
            assertTrue(p[1] > 0.9, "a pure tone is voiced: " + p[1]);
        }
        Random r = new Random(1);
        float[] noise = new float[2000];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) r.nextGaussian();
        }
        assertTrue(FrameRegressionTargets.pitch(noise, 320, 400, 16000)[1] < FrameRegressionTargets.VOICED,
                "white noise is unvoiced");
        assertEquals(0.0, FrameRegressionTargets.pitch(new float[2000], 0, 400, 16000)[1], 0.0, "silence");
    }

    @Test
    void targetsAreStandardisedValuesThenTheirScaledSquaresAndPaddingHasNone() {
        UnlabelledCrops c = PretrainTest.crops(8, 2);
        FrameRegressionTargets t = FrameRegressionTargets.fit(c, 6);
        assertEquals(2 * (6 + 2), t.dims());
        int d = 8;
        double[] sum = new double[d];
        double[] sq = new double[d];
        int n = 0;
        for (int i = 0; i < c.size(); i++) {
            float[][] rows = t.targets()[i];
            for (int f = 0; f < rows.length; f++) {
                if (f >= t.valid()[i]) {
                    assertArrayEquals(new float[t.dims()], rows[f], 0f, "padding frame " + f + " of crop " + i);
                    continue;
                }
                for (int k = 0; k < d; k++) {
                    double z = rows[f][k];
                    sum[k] += z;
                    sq[k] += z * z;
                    assertEquals((z * z - 1) / Math.sqrt(2), rows[f][d + k], 1e-5);
                }
                n++;
            }
        }
        for (int k = 0; k < d; k++) {
            if (t.sd()[k] < 1e-5) {
                continue; // a constant feature (the chirps are all voiced) stays at 0
            }
            assertEquals(0.0, sum[k] / n, 1e-4, "mean of standardised feature " + k);
            assertEquals(1.0, sq[k] / n, 1e-3, "variance of standardised feature " + k);
        }
        assertTrue(c.lengths()[3] < c.cropSamples() && t.valid()[3] < t.targets()[3].length, "a padded crop is tested");
    }

    @Test
    void regressionStepsLowerTheLoss(@TempDir Path dir) throws Exception {
        UnlabelledCrops c = PretrainTest.crops(12, 3);
        FrameRegressionTargets t = FrameRegressionTargets.fit(c, 6);
        HubertConfig enc = PretrainRun.pretrainingEncoder(PretrainTest.tinyModel());
        PretrainModel m = PretrainModel.buildRegression(enc, t.dims(), 1.0, 11, HubertGraph.Entry.WAVEFORM);
        assertTrue(m.regression());
        assertEquals("masked_r2", m.scoreName());
        Pretrainer p = new Pretrainer(m, c, t, new PretrainConfig.Train(20, 4, 0.01, 0.0, 0.0, 1.0, 0), 5, 0,
                dir, null);
        int[] all = new int[c.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        Pretrainer.Score before = p.score(all);
        p.run();
        Pretrainer.Score after = p.score(all);
        assertTrue(after.loss() < before.loss() * 0.8, "masked MSE " + before.loss() + " -> " + after.loss());
        assertTrue(after.maskedAccuracy() > before.maskedAccuracy(), "masked R^2 rises: " + before.maskedAccuracy()
                + " -> " + after.maskedAccuracy());
        assertTrue(Files.readString(dir.resolve("metrics.jsonl")).contains("\"masked_r2\""));
    }

    @Test
    void aNonFiniteTargetStopsTrainingBeforeAnyUpdate(@TempDir Path dir) throws Exception {
        UnlabelledCrops c = PretrainTest.crops(8, 4);
        FrameRegressionTargets t = FrameRegressionTargets.fit(c, 6);
        t.targets()[0][0][0] = Float.NaN; // every batch of 8 crops holds crop 0
        HubertConfig enc = PretrainRun.pretrainingEncoder(PretrainTest.tinyModel());
        PretrainModel m = PretrainModel.buildRegression(enc, t.dims(), 1.0, 11, HubertGraph.Entry.WAVEFORM);
        java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> before = new java.util.HashMap<>();
        m.parameters().forEach((k, v) -> before.put(k, v.dup()));
        Pretrainer p = new Pretrainer(m, c, t, new PretrainConfig.Train(3, 8, 0.01, 0.0, 0.0, 1.0, 0), 5, 0,
                dir, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, p::run);
        assertTrue(e.getMessage().contains("step 1") && e.getMessage().contains("non-finite"), e.getMessage());
        m.parameters().forEach((k, v) -> assertEquals(before.get(k), v, "no update of " + k));
    }

    /** A shortened copy of the shipped config (every code path of the objective), run twice from scratch. */
    @Test
    void aShortenedShippedConfigGivesBitIdenticalWeightsTwice(@TempDir Path dir) throws Exception {
        String shipped = Files.readString(Path.of("experiments/pretrain-tiny.yaml"));
        String shortened = shipped
                .replaceFirst("runs_dir: \\S+", "runs_dir: runs")
                .replaceFirst("output: \\S+", "output: out")
                .replaceFirst("speaker_to: \\d+", "speaker_to: 6")
                .replaceFirst("utts_per_speaker_emotion: \\d+", "utts_per_speaker_emotion: 2")
                .replaceFirst("steps: \\d+", "steps: 4")
                .replaceFirst("checkpoint_every: \\d+", "checkpoint_every: 2")
                .replaceFirst("(?s)\nprobe:.*", "\n");
        assertTrue(shortened.contains("objective: regression"), "the shipped config uses the regression objective");
        String[] sha = new String[2];
        for (int run = 0; run < 2; run++) {
            Path base = dir.resolve("run" + run);
            Files.createDirectories(base);
            Path cfg = base.resolve("pretrain.yaml");
            Files.writeString(cfg, shortened);
            PretrainRun.run(cfg, base, "test", 1, null);
            sha[run] = org.ser4j.util.Sha256.ofFile(base.resolve("out/model.safetensors"));
        }
        assertEquals(sha[0], sha[1], "two runs of the same config give the same weights");
    }

    @Test
    void configValidatesTheObjectiveAndTheProbeSeed(@TempDir Path dir) throws Exception {
        String shipped = Files.readString(Path.of("experiments/pretrain-tiny.yaml"));
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, shipped.replace("objective: regression", "objective: regresion"));
        BadInputException e = assertThrows(BadInputException.class, () -> PretrainConfig.load(bad));
        assertTrue(e.getMessage().contains("targets.objective"), e.getMessage());
        Files.writeString(bad, shipped.replaceFirst("corpus_seed: \\d+", "corpus_seed: 9001"));
        e = assertThrows(BadInputException.class, () -> PretrainConfig.load(bad));
        assertTrue(e.getMessage().contains("probe.corpus_seed"), e.getMessage());
    }
}
