package org.ser4j.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.audio.WaveformNormalizer;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.train.ConvFeatureCache;
import org.ser4j.train.Example;

class EncoderProbeTest {

    @Test
    void pooledStatesFromCachedFeaturesEqualTheMeanOfTheWaveformGraphsHiddenStates() throws Exception {
        HubertConfig cfg = PretrainRun.pretrainingEncoder(PretrainTest.tinyModel());
        SameDiff ref = SameDiff.create();
        HubertGraph g = HubertGraph.build(ref, cfg, HubertGraph.Mode.INFERENCE, 7L);
        Map<String, INDArray> weights = new HashMap<>();
        for (SDVariable v : g.parameters()) {
            weights.put(v.name(), v.getArr());
        }
        Map<String, INDArray> cnn = new LinkedHashMap<>();
        for (SDVariable v : g.featureEncoderVariables()) {
            cnn.put(v.name(), v.getArr());
        }
        Random r = new Random(3);
        Map<String, float[]> waves = new HashMap<>();
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            float[] w = new float[3000 + 1700 * i]; // different lengths: 9, 14, 19 frames
            for (int s = 0; s < w.length; s++) {
                w[s] = (float) (Math.sin(s * (0.01 + 0.02 * i)) + 0.3 * r.nextGaussian());
            }
            waves.put("u" + i, w);
            examples.add(new Example("u" + i, "synth", "en", "s" + i, 1 + i, i % 4, 0, w.length));
        }
        ConvFeatureCache features = ConvFeatureCache.of(cfg, cnn, examples, ex -> waves.get(ex.uttId()), true,
                "encoder-probe-test-" + System.nanoTime(), null);
        Map<String, double[][]> pooled = EncoderProbe.pooled(cfg, weights, features, examples);
        assertEquals(2 * cfg.numHiddenLayers() + 3, pooled.size(), "cnn + hidden_0..L, mean then mean_std");

        // Independent reference: the waveform graph on the whole (normalised) utterance, frame means taken here.
        List<String> outs = new ArrayList<>(g.hiddenStateNames());
        outs.add(g.extractFeatures().name());
        for (int i = 0; i < examples.size(); i++) {
            float[] w = WaveformNormalizer.normalize(waves.get("u" + i));
            INDArray x = Nd4j.createFromArray(w).reshape(1, w.length).castTo(DataType.FLOAT);
            Map<String, INDArray> o = ref.output(HubertGraph.inputs(x, null), outs);
            INDArray cnnOut = o.get(g.extractFeatures().name());
            assertEquals(cfg.framesFor(w.length), cnnOut.size(1));
            assertArrayEquals(cnnOut.mean(1).reshape(cnnOut.size(2)).toDoubleVector(), pooled.get(EncoderProbe.CNN)[i],
                    1e-5, "pooled CNN output of u" + i);
            for (int l = 0; l <= cfg.numHiddenLayers(); l++) {
                INDArray h = o.get(outs.get(l));
                double[] mean = h.mean(1).reshape(h.size(2)).toDoubleVector();
                assertArrayEquals(mean, pooled.get("hidden_" + l)[i], 1e-4, "pooled hidden state " + l + " of u" + i);
                // statistics pooling: the mean, then sqrt(biased variance over frames + eps), computed here in double
                double[] both = pooled.get("hidden_" + l + EncoderProbe.MEAN_STD_SUFFIX)[i];
                assertEquals(2 * mean.length, both.length);
                double[][] frames = h.reshape(h.size(1), h.size(2)).castTo(DataType.DOUBLE).toDoubleMatrix();
                for (int j = 0; j < mean.length; j++) {
                    double m = 0;
                    for (double[] f : frames) {
                        m += f[j];
                    }
                    m /= frames.length;
                    double v = 0;
                    for (double[] f : frames) {
                        v += (f[j] - m) * (f[j] - m);
                    }
                    double std = Math.sqrt(v / frames.length + org.ser4j.nn.heads.MaskedStatisticsPooling.EPS);
                    assertEquals(m, both[j], 1e-4, "mean_std mean " + l + "," + j + " of u" + i);
                    assertEquals(std, both[mean.length + j], 1e-4, "mean_std std " + l + "," + j + " of u" + i);
                }
            }
        }
    }

    @Test
    void meanRowsAveragesFramesPerChannel() {
        float[] rows = {1, 10, 3, 20, 8, 0}; // 3 frames x 2 channels
        assertArrayEquals(new double[] {4, 10}, EncoderProbe.meanRows(rows, 3, 2), 1e-12);
    }

    @Test
    void losoScoresASeparableRepresentationPerfectlyAndANoiseOneNearChance() {
        Random r = new Random(11);
        List<Example> examples = new ArrayList<>();
        double[][] separable = new double[200][];
        double[][] noise = new double[200][];
        for (int i = 0; i < 200; i++) {
            int emotion = i % 4;
            int session = 1 + (i / 4) % 5;
            examples.add(new Example("u" + i, "synth", "en", "s" + session, session, emotion, 0, 16000));
            separable[i] = new double[] {emotion + 0.05 * r.nextGaussian(), -emotion + 0.05 * r.nextGaussian(),
                    r.nextGaussian()};
            noise[i] = new double[] {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
        }
        Map<String, double[][]> reps = new LinkedHashMap<>();
        reps.put("separable", separable);
        reps.put("noise", noise);
        List<EncoderProbe.Score> s = EncoderProbe.loso(reps, examples, 4);
        assertEquals("separable", s.get(0).representation());
        assertEquals(5, s.get(0).foldUars().size(), "one fold per session");
        assertEquals(1.0, s.get(0).meanUar(), 1e-12);
        assertTrue(Math.abs(s.get(1).meanUar() - 0.25) < 0.12, "noise UAR " + s.get(1).meanUar());
    }
}
