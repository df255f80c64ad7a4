package org.ser4j.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.audio.Audio;
import org.ser4j.audio.WaveformNormalizer;
import org.ser4j.audio.WavWriter;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.train.HubertEncoderFactory;
import org.ser4j.train.ModelDirectoryExporter;
import org.ser4j.train.ModelSpec;
import org.ser4j.train.MultitaskModel;
import org.ser4j.train.SpeechEncoder;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Csv;

/**
 * The recognizer against the training code's own forward pass: a model exported by the trainer must give the same
 * logits through {@link EmotionRecognizer} as through the training graph in evaluation mode.
 */
class EmotionRecognizerTest {
    static final double TOL = 1e-5;
    static final List<String> LABELS = List.of("ang", "hap", "neu", "sad");
    static final List<String> DOMAINS = List.of("EM", "EF", "JM", "JF");

    static Path shared;
    static Path trainedSystem;

    @BeforeAll
    static void trainTinySystem() throws Exception {
        shared = TrainedTinyModel.root();
        trainedSystem = TrainedTinyModel.system();
    }

    @Test
    void trainerExportGivesTheLogitsOfTheTrainingEvalPath() throws Exception {
        Path fold = trainedSystem.resolve("fold-1");
        Map<String, float[]> expected = new HashMap<>();
        List<String> lines = Files.readAllLines(fold.resolve("predictions.csv"));
        for (String l : lines.subList(1, lines.size())) {
            List<String> f = Csv.parse(l).get(0);
            float[] logits = new float[4];
            for (int i = 0; i < 4; i++) {
                logits[i] = Float.parseFloat(f.get(7 + i));
            }
            expected.put(f.get(0), logits);
        }
        assertEquals(16, expected.size(), "session 1 has 16 test utterances");
        try (EmotionRecognizer r = EmotionRecognizer.load(fold.resolve("model"))) {
            assertEquals(LABELS, r.labels());
            assertEquals(DOMAINS, r.metadata().domains());
            assertTrue(r.metadata().doNormalize());
            List<Path> wavs = new ArrayList<>();
            List<String> ids = new ArrayList<>(expected.keySet());
            for (String id : ids) {
                wavs.add(shared.resolve("corpus/wav/" + id + ".wav"));
            }
            List<Prediction> batched = r.predictFiles(wavs);
            for (int i = 0; i < ids.size(); i++) {
                // predictions.csv holds 6 decimals: 5e-7 of rounding, well inside the tolerance
                assertArrayEquals(expected.get(ids.get(i)), batched.get(i).logits(), (float) TOL, ids.get(i));
                Prediction single = r.predict(wavs.get(i));
                assertArrayEquals(batched.get(i).logits(), single.logits(), (float) TOL, "batched = one by one");
                assertEquals(1, single.windows());
                float sum = 0;
                for (float p : single.probabilities()) {
                    sum += p;
                }
                assertEquals(1.0, sum, 1e-5);
                assertNotNull(single.domainProbabilities());
            }
        }
    }

    /** Random weights with learned layer weighting and no domain head, against MultitaskModel's graph directly. */
    @Test
    void layerWeightedVanillaModelMatchesTheTrainingGraph(@TempDir Path dir) throws Exception {
        HubertEncoderFactory factory = new HubertEncoderFactory(HubertConfig.tinyLarge(), null, 3);
        ModelSpec spec = new ModelSpec(LABELS, DOMAINS, 6, true, 0, 9);
        MultitaskModel model = MultitaskModel.build(factory, spec);
        Random rng = new Random(1);
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (String n : model.allVariables()) {
            INDArray v = model.sameDiff().getVariable(n).getArr();
            if (n.equals("heads.layer_weights")) {
                v.assign(Nd4j.createFromArray(new float[] {0.3f, -0.2f, 0.5f})); // not the uniform start
            }
            params.put(n, v);
        }
        new ModelDirectoryExporter(factory, spec, true, null).writeModelDirectory(dir, params, Map.of());

        float[][] waves = {TinyCorpus.wave(rng, 0, 1, 4000), TinyCorpus.wave(rng, 2, 3, 6400),
                TinyCorpus.wave(rng, 3, 0, 5120)};
        // the training graph in evaluation mode: normalised, padded batch + "everything off" masks
        float[][] norm = new float[waves.length][];
        for (int i = 0; i < waves.length; i++) {
            norm[i] = WaveformNormalizer.normalize(waves[i]);
        }
        PaddedBatch b = PaddedBatch.of(norm);
        SpeechEncoder enc = model.encoder();
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(enc.inputName(), Nd4j.create(b.values(), new long[] {b.size(), b.samples()}, 'c'));
        ph.put(enc.maskName(), Nd4j.create(b.mask(), new long[] {b.size(), b.samples()}, 'c'));
        ph.putAll(enc.evalMasks(b.size(), b.samples(), b.lengths()));
        float[][] reference = model.sameDiff().output(ph, List.of(MultitaskModel.EMOTION_LOGITS))
                .get(MultitaskModel.EMOTION_LOGITS).toFloatMatrix();

        try (EmotionRecognizer r = EmotionRecognizer.load(dir)) {
            assertTrue(r.metadata().layerWeights());
            assertEquals(List.of(), r.metadata().domains());
            List<Audio> inputs = new ArrayList<>();
            for (float[] w : waves) {
                inputs.add(new Audio(w, 16000));
            }
            List<Prediction> got = r.predictBatch(inputs);
            for (int i = 0; i < waves.length; i++) {
                assertArrayEquals(reference[i], got.get(i).logits(), (float) TOL, "utterance " + i);
                assertEquals(LABELS.get(Prediction.argmax(reference[i])), got.get(i).label());
            }
            // thread safety: concurrent callers get the same answers as a single caller
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<Prediction>> futures = new ArrayList<>();
                for (int k = 0; k < 6; k++) {
                    float[] w = waves[k % 3];
                    futures.add(pool.submit(() -> r.predict(w, 16000)));
                }
                for (int k = 0; k < 6; k++) {
                    assertArrayEquals(reference[k % 3], futures.get(k).get().logits(), (float) TOL);
                }
            } finally {
                pool.shutdownNow();
            }
            // resampling: a 32 kHz input is brought to 16 kHz first (same as resampling it ourselves)
            float[] at32 = new float[waves[1].length * 2];
            for (int i = 0; i < at32.length; i++) {
                at32[i] = waves[1][i / 2];
            }
            Prediction p32 = r.predict(at32, 32000);
            Prediction p16 = r.predict(org.ser4j.audio.Resampler.resample(at32, 32000, 16000), 16000);
            assertArrayEquals(p16.logits(), p32.logits(), 1e-6f);
        }
    }

    @Test
    void longInputsAreChunkedAndTheirLogitsAveraged() throws Exception {
        Path model = trainedSystem.resolve("fold-1/model");
        ChunkingPolicy chunking = new ChunkingPolicy(0.5, 0.1);
        float[] longWave = TinyCorpus.wave(new Random(4), 1, 2, 16000 + 1234);
        int[] starts = chunking.starts(longWave.length, 16000);
        assertArrayEquals(new int[] {0, 6400, 17234 - 8000}, starts, "hop 6400, last window aligned to the end");
        try (EmotionRecognizer chunked = EmotionRecognizer.load(model,
                RecognizerOptions.defaults().withChunking(chunking).withBatchSize(3))) {
            Prediction p = chunked.predict(longWave, 16000);
            assertEquals(3, p.windows());
            float[] mean = new float[4];
            for (int s : starts) {
                float[] part = java.util.Arrays.copyOfRange(longWave, s, s + 8000);
                Prediction one = chunked.predict(part, 16000);
                assertEquals(1, one.windows());
                for (int c = 0; c < 4; c++) {
                    mean[c] += one.logits()[c] / starts.length;
                }
            }
            assertArrayEquals(mean, p.logits(), (float) TOL);
            assertEquals(17234 / 16000.0, p.durationSeconds(), 1e-9);
        }
    }

    @Test
    void badInputsNameTheProblem(@TempDir Path dir) throws Exception {
        Path model = trainedSystem.resolve("fold-1/model");
        try (EmotionRecognizer r = EmotionRecognizer.load(model)) {
            BadInputException tooShort = assertThrows(BadInputException.class, () -> r.predict(new float[100], 16000));
            assertTrue(tooShort.getMessage().contains("too short"), tooShort.getMessage());
            Path notWav = dir.resolve("x.wav");
            Files.writeString(notWav, "not audio");
            BadInputException bad = assertThrows(BadInputException.class, () -> r.predict(notWav));
            assertTrue(bad.getMessage().contains("x.wav"), bad.getMessage());
        }
        // an encoder-only directory (no labels, no heads) cannot serve predictions
        Path encoderOnly = dir.resolve("enc");
        Files.createDirectories(encoderOnly);
        for (String f : List.of("config.json", "preprocessor_config.json", "model.safetensors")) {
            Files.copy(model.resolve(f), encoderOnly.resolve(f));
        }
        Files.writeString(encoderOnly.resolve("ser4j-model.json"), "{\"format_version\": 1, \"labels\": []}");
        BadInputException e = assertThrows(BadInputException.class, () -> EmotionRecognizer.load(encoderOnly));
        assertTrue(e.getMessage().contains("labels"), e.getMessage());
        assertThrows(BadInputException.class, () -> EmotionRecognizer.load(dir.resolve("missing")));
        WavWriter.writePcm16(dir.resolve("ok.wav"), new float[4000], 16000);
    }
}
