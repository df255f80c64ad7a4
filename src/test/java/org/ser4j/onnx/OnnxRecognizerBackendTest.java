package org.ser4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.app.Ser4j;
import org.ser4j.infer.EmotionRecognizer;
import org.ser4j.infer.Prediction;
import org.ser4j.infer.RecognizerOptions;
import org.ser4j.infer.TrainedTinyModel;

/**
 * The trained demo system (the real trainer's DANN tiny model, shared with the infer tests) through
 * {@link EmotionRecognizer} with the {@code onnxruntime} backend gives the SameDiff backend's logits within 1e-4 on a
 * padded batch of files, and {@code ser4j predict --backend onnxruntime --onnx FILE} (after {@code ser4j export}) the
 * same labels and probabilities as the default backend.
 */
class OnnxRecognizerBackendTest {
    @TempDir
    Path tmp;

    @Test
    void recognizerBackendsAgreeOnTrainedSystem() throws Exception {
        Path model = TrainedTinyModel.model();
        List<Path> wavs;
        try (Stream<Path> s = Files.list(TrainedTinyModel.root().resolve("corpus/wav"))) {
            wavs = s.filter(p -> p.toString().endsWith(".wav")).sorted().limit(6).toList();
        }
        assertTrue(wavs.size() >= 3, "tiny corpus has WAVs");
        RecognizerOptions base = RecognizerOptions.defaults().withBatchSize(4);
        List<Prediction> ref;
        try (EmotionRecognizer r = EmotionRecognizer.load(model, base)) {
            ref = r.predictFiles(wavs);
        }
        try (EmotionRecognizer r = EmotionRecognizer.load(model,
                base.withBackend(OnnxRuntimeBackend.factory(OnnxRuntimeEncoder.Settings.cpu(1))))) {
            List<Prediction> ort = r.predictFiles(wavs);
            for (int i = 0; i < wavs.size(); i++) {
                assertEquals(ref.get(i).labels(), ort.get(i).labels());
                assertArrayEquals(ref.get(i).logits(), ort.get(i).logits(), 1e-4f, "logits " + wavs.get(i));
                assertNotNull(ort.get(i).domainProbabilities(), "DANN model keeps its domain head");
                assertArrayEquals(ref.get(i).domainProbabilities(), ort.get(i).domainProbabilities(), 1e-4f);
                assertEquals(ref.get(i).label(), ort.get(i).label());
            }
        }

        Path onnx = tmp.resolve("system.onnx");
        assertEquals(0, Ser4j.commandLine().execute("export", "--format", "onnx", "--model", model.toString(),
                "--out", onnx.toString()));
        Path a = tmp.resolve("samediff.csv");
        Path b = tmp.resolve("ort.csv");
        String[] files = wavs.stream().map(Path::toString).toArray(String[]::new);
        assertEquals(0, Ser4j.commandLine().execute(concat(new String[] {"predict", "--model", model.toString(),
                "--out", a.toString()}, files)));
        assertEquals(0, Ser4j.commandLine().execute(concat(new String[] {"predict", "--backend", "onnxruntime",
                "--onnx", onnx.toString(), "--model", model.toString(), "--out", b.toString()}, files)));
        List<String> la = Files.readAllLines(a);
        List<String> lb = Files.readAllLines(b);
        assertEquals(la.size(), lb.size());
        for (int i = 0; i < la.size(); i++) {
            String[] x = la.get(i).split(",");
            String[] y = lb.get(i).split(",");
            assertEquals(x[0] + x[1], y[0] + y[1], "file and label, row " + i);
            for (int c = 2; i > 0 && c < x.length - 2; c++) {
                assertEquals(Double.parseDouble(x[c]), Double.parseDouble(y[c]), 1e-4, "row " + i + " col " + c);
            }
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
