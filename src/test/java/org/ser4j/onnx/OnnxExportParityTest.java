package org.ser4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.ser4j.weights.ModelDirectory;

/**
 * Export + ONNX Runtime (Java) against Hugging Face's stored outputs of the tiny fixtures: every hidden state and
 * last_hidden_state within 1e-4 on valid frames, for single inputs and padded batches with masks, and the frame mask
 * exactly; plus the external-data code path (forced by a zero threshold) giving identical outputs.
 */
class OnnxExportParityTest {
    static final double TOL = 1e-4;

    @TempDir
    Path tmp;

    private OnnxRuntimeEncoder exported(String model, HubertOnnxExporter.Options options) throws IOException {
        ModelDirectory md = ModelDirectory.load(OnnxFixtures.dir(model));
        Path file = tmp.resolve(model + ".onnx");
        HubertOnnxExporter.export(md, file, options);
        return OnnxRuntimeEncoder.open(file, OnnxRuntimeEncoder.Settings.cpu(1));
    }

    /** Compares last_hidden_state and all hidden states of one case on the valid frames of each row. */
    private static void assertCase(OnnxRuntimeEncoder enc, String model, String kase, INDArray input, INDArray mask,
                                   int[] validFrames) throws IOException {
        Map<String, INDArray> out = enc.run(input, mask, Set.of());
        INDArray last = out.get(OnnxNames.LAST_HIDDEN_STATE);
        double d = OnnxFixtures.maxAbsDiffValid(last, OnnxFixtures.expected(model, kase, "last_hidden_state"),
                validFrames);
        assertTrue(d <= TOL, model + "/" + kase + " last_hidden_state max diff " + d);
        INDArray hs = out.get(OnnxNames.HIDDEN_STATES);
        assertEquals(3, hs.size(0));
        for (int i = 0; i < 3; i++) {
            INDArray mine = hs.get(NDArrayIndex.point(i)).dup();
            double di = OnnxFixtures.maxAbsDiffValid(mine,
                    OnnxFixtures.expected(model, kase, String.format("hidden_state_%02d", i)), validFrames);
            assertTrue(di <= TOL, model + "/" + kase + " hidden_state_" + i + " max diff " + di);
        }
        if (mask != null && !kase.equals("batch_base_unmasked")) {
            INDArray frames = out.get(OnnxNames.FRAME_MASK);
            INDArray expectedFrames = OnnxFixtures.expected(model, kase, "frame_attention_mask");
            assertEquals(0.0, OnnxFixtures.maxAbsDiff(frames, expectedFrames), model + "/" + kase + " frame mask");
        }
    }

    @Test
    void tinyLargeSingleAndPaddedBatch() throws IOException {
        try (OnnxRuntimeEncoder enc = exported("tiny-large", HubertOnnxExporter.Options.defaults()
                .withHiddenStates(true))) {
            assertCase(enc, "tiny-large", "single", OnnxFixtures.singleInput("tiny-large"), null, new int[] {49});
            assertCase(enc, "tiny-large", "batch", OnnxFixtures.batchInput("tiny-large"),
                    OnnxFixtures.batchMask("tiny-large"), new int[] {49, 29});
        }
    }

    @Test
    void tinyBaseSingleBatchAndMaskedBatch() throws IOException {
        try (OnnxRuntimeEncoder enc = exported("tiny-base", HubertOnnxExporter.Options.defaults()
                .withHiddenStates(true))) {
            assertCase(enc, "tiny-base", "single", OnnxFixtures.singleInput("tiny-base"), null, new int[] {49});
            // "batch": HF base style, no mask, padding is signal: every frame of both rows is compared.
            assertCase(enc, "tiny-base", "batch", OnnxFixtures.batchInput("tiny-base"), null, new int[] {49, 49});
            assertCase(enc, "tiny-base", "batch_masked", OnnxFixtures.batchInput("tiny-base"),
                    OnnxFixtures.batchMask("tiny-base"), new int[] {49, 29});
        }
    }

    @Test
    void externalDataGivesIdenticalOutputs() throws IOException {
        ModelDirectory md = ModelDirectory.load(OnnxFixtures.dir("tiny-large"));
        Path inline = tmp.resolve("inline.onnx");
        Path external = tmp.resolve("external.onnx");
        OnnxModelWriter.Result a = HubertOnnxExporter.export(md, inline, HubertOnnxExporter.Options.defaults());
        OnnxModelWriter.Result b = HubertOnnxExporter.export(md, external,
                HubertOnnxExporter.Options.defaults().withExternalDataThreshold(0));
        assertEquals(null, a.externalData());
        assertEquals(tmp.resolve("external.onnx.data"), b.externalData());
        assertTrue(Files.size(b.externalData()) >= 4 * 20_000, "weights moved to the data file");
        assertTrue(Files.size(external) < Files.size(inline) / 2, "model file keeps only the graph and small tensors");
        INDArray x = OnnxFixtures.batchInput("tiny-large");
        INDArray m = OnnxFixtures.batchMask("tiny-large");
        try (OnnxRuntimeEncoder ea = OnnxRuntimeEncoder.open(inline, OnnxRuntimeEncoder.Settings.cpu(1));
             OnnxRuntimeEncoder eb = OnnxRuntimeEncoder.open(external, OnnxRuntimeEncoder.Settings.cpu(1))) {
            INDArray la = ea.run(x, m, Set.of(OnnxNames.LAST_HIDDEN_STATE)).get(OnnxNames.LAST_HIDDEN_STATE);
            INDArray lb = eb.run(x, m, Set.of(OnnxNames.LAST_HIDDEN_STATE)).get(OnnxNames.LAST_HIDDEN_STATE);
            assertArrayEquals(new long[] {2, 49, 32}, lb.shape());
            assertEquals(0.0, OnnxFixtures.maxAbsDiff(la, lb));
            double d = OnnxFixtures.maxAbsDiffValid(lb, OnnxFixtures.expected("tiny-large", "batch",
                    "last_hidden_state"), new int[] {49, 29});
            assertTrue(d <= TOL, "external-data model vs HF: " + d);
        }
    }
}
