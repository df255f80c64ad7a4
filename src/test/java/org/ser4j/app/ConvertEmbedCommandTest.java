package org.ser4j.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.ser4j.weights.NpyReader;

import picocli.CommandLine;

/**
 * {@code ser4j convert} then {@code ser4j embed} end to end on the fixtures: the .npy hidden states of input.wav
 * match Hugging Face's (from the stored float input) within 1e-4, from an HF directory, a lone .bin file and a
 * fairseq checkpoint; bad input exits with 2.
 */
class ConvertEmbedCommandTest {
    @TempDir
    Path tmp;

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(ConvertEmbedCommandTest.class.getResource("/hubert/" + name).toURI());
    }

    static int run(String... args) {
        CommandLine cl = Ser4j.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        if (code != 0) {
            System.err.println(err);
        }
        return code;
    }

    /** Expected hidden states [layers+1, frames, hidden] of the single case. */
    static INDArray expectedHidden(String model) throws Exception {
        INDArray[] layers = new INDArray[3];
        for (int i = 0; i < 3; i++) {
            Path f = fixture(model).resolve(String.format("expected/single/hidden_state_%02d.f32", i));
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
            float[] v = new float[b.remaining() / 4];
            b.asFloatBuffer().get(v);
            layers[i] = Nd4j.create(v, new long[] {1, 49, 32}, 'c');
        }
        return Nd4j.concat(0, layers);
    }

    static double maxDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    void convertEmbedAndCompare(String in, String model, String tag) throws Exception {
        Path dir = tmp.resolve("model-" + tag);
        assertEquals(0, run("convert", "--in", in, "--out", dir.toString()));
        for (String f : new String[] {"config.json", "preprocessor_config.json", "ser4j-model.json", "model.safetensors"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), tag + ": " + f);
        }
        Path out = tmp.resolve("emb-" + tag);
        assertEquals(0, run("embed", "--model", dir.toString(), "--out", out.toString(),
                fixture(model).resolve("input.wav").toString()));
        INDArray got = NpyReader.read(out.resolve("input.npy"));
        assertArrayEquals(new long[] {3, 49, 32}, got.shape());
        double d = maxDiff(expectedHidden(model), got);
        assertTrue(d <= 1e-4, tag + ": max abs diff " + d);
    }

    @Test
    void hfDirectoryLoneBinFileAndFairseqCheckpoint() throws Exception {
        convertEmbedAndCompare(fixture("tiny-large").toString(), "tiny-large", "hf-large");
        convertEmbedAndCompare(fixture("tiny-base").resolve("pytorch_model.bin").toString(), "tiny-base", "bin-base");
        convertEmbedAndCompare(fixture("tiny-large-fairseq").resolve("checkpoint_dictcfg.pt").toString(), "tiny-large",
                "fairseq");
    }

    @Test
    void embedAcceptsAnHfDirectoryAsItIs() throws Exception {
        Path out = tmp.resolve("emb");
        assertEquals(0, run("embed", "--model", fixture("tiny-large-parametrized").toString(), "--out", out.toString(),
                fixture("tiny-large").resolve("input.wav").toString()));
        assertTrue(maxDiff(expectedHidden("tiny-large"), NpyReader.read(out.resolve("input.npy"))) <= 1e-4);
    }

    /** Issue 21: a WAV with an infinite sample is bad input (exit 2, file named) and no .npy is written for it. */
    @Test
    void embedRefusesNonFiniteAudio() throws Exception {
        Path wav = tmp.resolve("inf.wav");
        double[] x = new double[16000];
        x[5] = Double.POSITIVE_INFINITY;
        Files.write(wav, org.ser4j.audio.TestWavs.wav(3, true, 1, 16000, 64,
                org.ser4j.audio.TestWavs.packFloats(64, x), null));
        Path out = tmp.resolve("emb-inf");
        CommandLine cl = Ser4j.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("embed", "--model", fixture("tiny-large").toString(), "--out", out.toString(),
                wav.toString()));
        assertTrue(err.toString().contains(wav.toString())
                && err.toString().contains("non-finite sample Infinity at sample index 5"), err.toString());
        assertTrue(!Files.exists(out.resolve("inf.npy")));
    }

    @Test
    void chunkedEmbeddingKeepsTheFrameGrid() throws Exception {
        Path out = tmp.resolve("chunked");
        // 1 s input, 0.5 s windows with 0.12 s overlap: three windows
        assertEquals(0, run("embed", "--model", fixture("tiny-large").toString(), "--out", out.toString(),
                "--window-seconds", "0.5", "--overlap-seconds", "0.12", fixture("tiny-large").resolve("input.wav").toString()));
        INDArray got = NpyReader.read(out.resolve("input.npy"));
        assertArrayEquals(new long[] {3, 49, 32}, got.shape());
        INDArray full = expectedHidden("tiny-large");
        // frames well inside the first window see only the context a full pass gives them nearby: close, not equal
        double firstWindow = maxDiff(full.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 5), NDArrayIndex.all()),
                got.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 5), NDArrayIndex.all()));
        assertTrue(Double.isFinite(firstWindow) && got.amaxNumber().doubleValue() > 0);
    }

    @Test
    void badInputExitsWithTwo() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(2, run("convert", "--in", empty.toString(), "--out", tmp.resolve("o").toString()));
        assertEquals(2, run("embed", "--model", empty.toString(), "--out", tmp.resolve("o2").toString(),
                tmp.resolve("missing.wav").toString()));
    }
}
