package org.ser4j.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.ser4j.audio.Audio;
import org.ser4j.infer.EmotionRecognizer;
import org.ser4j.infer.TrainedTinyModel;
import org.ser4j.util.BadInputException;
import org.ser4j.weights.ModelDirectory;
import org.ser4j.weights.SafetensorsReader;
import org.ser4j.weights.SafetensorsWriter;

import picocli.CommandLine;

/**
 * Issue 21, output side: finite audio through a model whose finite weights still compute NaN or infinity makes
 * {@code predict}, {@code embed} and {@code export} exit 2 naming the input, and none of them writes anything.
 * Two such models: a head whose projection bias of 3e38 overflows float32 in the next layer, and a positional conv
 * whose weight-norm tap has an all-zero {@code weight_v} (0 / 0 when the norm is folded).
 */
class NonFiniteOutputCommandsTest {
    static final String POS_CONV_V = "encoder.pos_conv_embed.conv.weight_v";

    @TempDir
    Path tmp;

    private record Run(int code, String err) {}

    private static Run run(String... args) {
        CommandLine cl = Ser4j.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, err.toString());
    }

    private static List<Path> filesUnder(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** The trained tiny model with a head that overflows: every emotion logit becomes +Inf, the softmax NaN. */
    private Path overflowingHeadModel() throws Exception {
        Path copy = tmp.resolve("overflowing-model");
        Path source = TrainedTinyModel.model();
        try (Stream<Path> s = Files.list(source)) {
            Files.createDirectories(copy);
            for (Path f : s.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Path weights = copy.resolve("model.safetensors");
        Map<String, INDArray> t = new LinkedHashMap<>(SafetensorsReader.read(weights));
        t.get("heads.emotion.projection.bias").assign(3e38f); // finite: the largest float is 3.4e38
        t.get("heads.emotion.classifier.weight").assign(1f); // the sum of 8 such units is +Inf
        SafetensorsWriter.writeShard(weights, t);
        return copy;
    }

    /** The HF fixture as a ser4j model directory whose positional conv has an all-zero weight_v at tap 0. */
    private Path zeroWeightNormTapModel() throws Exception {
        ModelDirectory md = ModelDirectory.load(ConvertEmbedCommandTest.fixture("tiny-large"));
        Map<String, INDArray> t = new LinkedHashMap<>();
        md.tensors().forEach((k, v) -> t.put(k, v.dup()));
        t.get(POS_CONV_V).get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0)).assign(0);
        Path dir = tmp.resolve("zero-tap-model");
        ModelDirectory.write(dir, md.config(), md.doNormalize(), md.sampleRate(), t, md.info());
        return dir;
    }

    @Test
    void predictRefusesNonFiniteLogitsNamingTheFileAndWritesNothing() throws Exception {
        Path model = overflowingHeadModel();
        Path wav = TrainedTinyModel.wav("EM01_ang");
        Path out = tmp.resolve("p.csv");
        Run r = run("predict", "--model", model.toString(), "--out", out.toString(), wav.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(wav.toString()) && r.err().contains("non-finite emotion logits")
                && r.err().contains("Infinity"), r.err());
        assertFalse(Files.exists(out), "nothing written");
        // the same rule in the API: waveforms handed over directly are named by their position
        try (EmotionRecognizer recognizer = EmotionRecognizer.load(model)) {
            float[] tone = new float[16000];
            for (int i = 0; i < tone.length; i++) {
                tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 16000.0));
            }
            BadInputException e = assertThrows(BadInputException.class,
                    () -> recognizer.predictBatch(List.of(new Audio(tone, 16000))));
            assertTrue(e.getMessage().startsWith("input #0: the model " + model), e.getMessage());
            float[] nan = tone.clone();
            nan[3] = Float.NaN;
            e = assertThrows(BadInputException.class,
                    () -> recognizer.predictBatch(List.of(new Audio(tone, 16000), new Audio(nan, 16000))));
            assertTrue(e.getMessage().startsWith("input #1: non-finite sample NaN at sample index 3"), e.getMessage());
        }
        // the untouched model predicts the same file with exit 0: the refusal is the weights', not the audio's
        assertEquals(0, run("predict", "--model", TrainedTinyModel.model().toString(), "--out", out.toString(),
                wav.toString()).code());
    }

    @Test
    void embedRefusesNonFiniteHiddenStatesNamingTheFileAndLeavesTheOutputFolderAsItWas() throws Exception {
        Path wav = ConvertEmbedCommandTest.fixture("tiny-large").resolve("input.wav");
        Path out = tmp.resolve("emb");
        Path healthy = ConvertEmbedCommandTest.fixture("tiny-large");
        assertEquals(0, run("embed", "--model", healthy.toString(), "--out", out.toString(), wav.toString()).code());
        byte[] before = Files.readAllBytes(out.resolve("input.npy"));

        Run r = run("embed", "--model", zeroWeightNormTapModel().toString(), "--out", out.toString(), wav.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(wav.toString()) && r.err().contains("hidden states are not finite"), r.err());
        assertEquals(List.of(out.resolve("input.npy")), filesUnder(out), "no other file, no staging folder");
        assertArrayEquals(before, Files.readAllBytes(out.resolve("input.npy")), "the earlier output is untouched");
    }

    @Test
    void embedWritesNoFileWhenALaterInputFails() throws Exception {
        Path good = ConvertEmbedCommandTest.fixture("tiny-large").resolve("input.wav");
        Path broken = tmp.resolve("broken.wav");
        Files.writeString(broken, "RIFF but not really");
        Path out = tmp.resolve("emb-all-or-nothing");
        Run r = run("embed", "--model", ConvertEmbedCommandTest.fixture("tiny-large").toString(), "--out",
                out.toString(), good.toString(), broken.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(broken.toString()), r.err());
        assertEquals(List.of(), filesUnder(out), "input.npy of the good file is not left behind either");
    }

    @Test
    void embedRefusesTwoInputsThatWouldWriteTheSameFile() throws Exception {
        Path a = ConvertEmbedCommandTest.fixture("tiny-large").resolve("input.wav");
        Path other = Files.createDirectories(tmp.resolve("other"));
        Path b = Files.copy(a, other.resolve("input.wav"));
        Path out = tmp.resolve("emb-same-stem");
        Run r = run("embed", "--model", ConvertEmbedCommandTest.fixture("tiny-large").toString(), "--out",
                out.toString(), a.toString(), b.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("input.npy") && r.err().contains(b.toString()), r.err());
        assertEquals(List.of(), filesUnder(out));
    }

    @Test
    void exportRefusesWeightsThatFoldIntoNonFiniteValuesNamingTheModelAndTensor() throws Exception {
        Path model = zeroWeightNormTapModel();
        Path onnx = tmp.resolve("onnx/model.onnx");
        Run r = run("export", "--format", "onnx", "--model", model.toString(), "--out", onnx.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(model.toString()) && r.err().contains("encoder.pos_conv_embed.conv.weight (NaN"),
                r.err());
        assertEquals(List.of(), filesUnder(tmp.resolve("onnx")), "nothing written");
        // the fixture's own weights export fine
        assertEquals(0, run("export", "--format", "onnx", "--model",
                ConvertEmbedCommandTest.fixture("tiny-large").toString(), "--out", onnx.toString()).code());
    }
}
