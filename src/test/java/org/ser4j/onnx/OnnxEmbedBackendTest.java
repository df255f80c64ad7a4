package org.ser4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.app.Ser4j;
import org.ser4j.audio.AudioLoader;
import org.ser4j.weights.HubertEmbedder;
import org.ser4j.weights.ModelDirectory;

/**
 * The {@code onnxruntime} embedding backend gives the SameDiff backend's output: same shape, values within 1e-4,
 * with windowing forced (several windows and seams) so the shared chunking is exercised; and
 * {@code ser4j embed --backend onnxruntime} writes the same .npy as the default backend.
 */
class OnnxEmbedBackendTest {
    @TempDir
    Path tmp;

    @Test
    void windowedHiddenStatesMatchSameDiff() throws IOException {
        ModelDirectory md = ModelDirectory.load(OnnxFixtures.dir("tiny-large"));
        float[] wave = AudioLoader.load16k(OnnxFixtures.dir("tiny-large").resolve("input.wav"));
        int window = 6400;
        int overlap = 1280;
        INDArray ref = new HubertEmbedder(md, window, overlap).hiddenStates(wave);
        try (OnnxBackend ort = OnnxBackend.open(md, null, OnnxRuntimeEncoder.Settings.cpu(1))) {
            INDArray mine = new HubertEmbedder(md, window, overlap, ort.encoder()::hiddenStates).hiddenStates(wave);
            assertArrayEquals(new long[] {3, 49, 32}, mine.shape());
            double d = OnnxFixtures.maxAbsDiff(ref, mine);
            assertTrue(d <= 1e-4, "windowed hidden states, ORT vs SameDiff: " + d);
        }
    }

    @Test
    void embedCliBackendsAgree() throws IOException {
        Path model = OnnxFixtures.dir("tiny-base");
        Path wav = model.resolve("input2.wav");
        Path a = tmp.resolve("samediff");
        Path b = tmp.resolve("ort");
        assertEquals(0, Ser4j.commandLine().execute("embed", "--model", model.toString(), "--out", a.toString(),
                wav.toString()));
        assertEquals(0, Ser4j.commandLine().execute("embed", "--backend", "onnxruntime", "--model", model.toString(),
                "--out", b.toString(), wav.toString()));
        float[] x = npyFloats(a.resolve("input2.npy"));
        float[] y = npyFloats(b.resolve("input2.npy"));
        assertEquals(3 * 29 * 32, x.length);
        assertEquals(x.length, y.length);
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        assertTrue(max <= 1e-4, "embed .npy samediff vs onnxruntime: " + max);
        assertEquals(2, Ser4j.commandLine().execute("embed", "--backend", "tensorflow", "--model", model.toString(),
                "--out", b.toString(), wav.toString()));
    }

    /** Float32 payload of a little-endian .npy file (header skipped by its declared length). */
    private static float[] npyFloats(Path file) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int major = bb.get(6);
        int headerLen = major == 1 ? Short.toUnsignedInt(bb.getShort(8)) : bb.getInt(8);
        int start = (major == 1 ? 10 : 12) + headerLen;
        bb.position(start);
        float[] out = new float[bb.remaining() / 4];
        bb.asFloatBuffer().get(out);
        Nd4j.getExecutioner().commit();
        return out;
    }
}
