package org.ser4j.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;

/**
 * Numerical parity of the SameDiff encoder with Hugging Face transformers 4.30.2 on the tiny fixtures: every conv
 * block, extract_features, feature_projection, every hidden state, the attention probabilities and the frame mask,
 * for single and padded-batch inputs, with max |diff| <= 1e-4 in float32.
 */
class HubertParityTest {
    static final double TOL = 1e-4;

    static HubertGraph load(String model, Map<String, INDArray> weights) {
        HubertConfig cfg = HubertConfig.fromJson(HubertFixtures.dir(model).resolve("config.json"));
        HubertGraph g = HubertGraph.build(SameDiff.create(), cfg, HubertGraph.Mode.INFERENCE);
        WeightImporter.Report r = WeightImporter.assign(g, weights, WeightImporter.Policy.strict(), model);
        assertTrue(r.clean(), r.describe());
        return g;
    }

    /** Compares every stored output of a case; returns the largest difference seen. */
    static double compareCase(HubertGraph g, String model, String kase, INDArray input, INDArray mask)
            throws IOException {
        List<String> names = new ArrayList<>();
        List<String> expectedNames = new ArrayList<>();
        for (int i = 0; i < g.convLayerOutputs().size(); i++) {
            names.add(g.convLayerOutputs().get(i).name());
            expectedNames.add("conv_layer_" + i);
        }
        names.add(g.extractFeatures().name());
        expectedNames.add("extract_features");
        names.add(g.featureProjection().name());
        expectedNames.add("feature_projection");
        for (int i = 0; i < g.hiddenStates().size(); i++) {
            names.add(g.hiddenStates().get(i).name());
            expectedNames.add(String.format("hidden_state_%02d", i));
        }
        names.add(g.lastHiddenState().name());
        expectedNames.add("last_hidden_state");
        for (int i = 0; i < g.attentions().size(); i++) {
            names.add(g.attentions().get(i).name());
            expectedNames.add(String.format("attention_%02d", i));
        }
        names.add(g.frameMask().name());
        expectedNames.add("frame_attention_mask");
        Map<String, INDArray> out = g.sameDiff().output(HubertGraph.inputs(input, mask), names);
        double worst = 0;
        int compared = 0;
        for (int i = 0; i < names.size(); i++) {
            INDArray exp = HubertFixtures.expected(model, kase, expectedNames.get(i));
            if (exp == null) {
                continue;
            }
            INDArray got = out.get(names.get(i));
            assertArrayEquals(exp.shape(), got.shape(), model + "/" + kase + "/" + expectedNames.get(i) + " shape");
            double d = HubertFixtures.maxAbsDiff(exp, got);
            assertTrue(d <= TOL, model + "/" + kase + "/" + expectedNames.get(i) + ": max abs diff " + d);
            worst = Math.max(worst, d);
            compared++;
        }
        assertTrue(compared >= 6, "compared only " + compared + " outputs");
        return worst;
    }

    @Test
    void tinyLargeSafetensorsSingleAndPaddedBatch() throws IOException {
        String m = "tiny-large";
        HubertGraph g = load(m, SafetensorsReader.read(HubertFixtures.dir(m).resolve("model.safetensors")));
        compareCase(g, m, "single", HubertFixtures.singleInput(m), null);
        compareCase(g, m, "batch", HubertFixtures.batchInput(m), HubertFixtures.batchMask(m));
    }

    @Test
    void layerNormModelPaddingDoesNotChangeValidFrames() throws IOException {
        String m = "tiny-large";
        HubertGraph g = load(m, SafetensorsReader.read(HubertFixtures.dir(m).resolve("model.safetensors")));
        INDArray batch = HubertFixtures.batchInput(m);
        INDArray alone = batch.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 9600)).dup();
        List<String> names = g.hiddenStateNames();
        Map<String, INDArray> padded = g.sameDiff().output(HubertGraph.inputs(batch, HubertFixtures.batchMask(m)), names);
        Map<String, INDArray> single = g.sameDiff().output(HubertGraph.inputs(alone, null), names);
        for (String n : names) {
            INDArray a = single.get(n);
            assertArrayEquals(new long[] {1, 29, 32}, a.shape());
            INDArray p = padded.get(n).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 29), org.nd4j.linalg.indexing.NDArrayIndex.all());
            double d = HubertFixtures.maxAbsDiff(a, p);
            assertTrue(d <= TOL, n + ": padded vs alone " + d);
        }
    }

    @Test
    void tinyBaseSafetensorsAllCases() throws IOException {
        String m = "tiny-base";
        HubertGraph g = load(m, SafetensorsReader.read(HubertFixtures.dir(m).resolve("model.safetensors")));
        compareCase(g, m, "single", HubertFixtures.singleInput(m), null);
        compareCase(g, m, "batch", HubertFixtures.batchInput(m), null);
        compareCase(g, m, "batch_masked", HubertFixtures.batchInput(m), HubertFixtures.batchMask(m));
    }

    @Test
    void tinyLargePytorchBin() throws IOException {
        String m = "tiny-large";
        HubertGraph g = load(m, TorchPickleReader.readStateDict(HubertFixtures.dir(m).resolve("pytorch_model.bin")));
        compareCase(g, m, "single", HubertFixtures.singleInput(m), null);
        compareCase(g, m, "batch", HubertFixtures.batchInput(m), HubertFixtures.batchMask(m));
    }

    @Test
    void tinyBasePytorchBin() throws IOException {
        String m = "tiny-base";
        HubertGraph g = load(m, TorchPickleReader.readStateDict(HubertFixtures.dir(m).resolve("pytorch_model.bin")));
        compareCase(g, m, "single", HubertFixtures.singleInput(m), null);
        compareCase(g, m, "batch_masked", HubertFixtures.batchInput(m), HubertFixtures.batchMask(m));
    }

    @Test
    void parametrizedWeightNormCheckpoint() throws IOException {
        ModelDirectory md = ModelDirectory.load(HubertFixtures.dir("tiny-large-parametrized"));
        assertTrue(md.tensors().containsKey("encoder.pos_conv_embed.conv.weight_g"));
        HubertGraph g = load("tiny-large", md.tensors());
        compareCase(g, "tiny-large", "single", HubertFixtures.singleInput("tiny-large"), null);
        compareCase(g, "tiny-large", "batch", HubertFixtures.batchInput("tiny-large"),
                HubertFixtures.batchMask("tiny-large"));
    }

    @Test
    void fairseqCheckpointsBothConfigStyles() throws IOException {
        for (String file : new String[] {"checkpoint.pt", "checkpoint_dictcfg.pt"}) {
            ModelDirectory md = ModelDirectory.load(HubertFixtures.dir("tiny-large-fairseq").resolve(file));
            HubertConfig fromFixture = HubertConfig.fromJson(HubertFixtures.dir("tiny-large").resolve("config.json"));
            assertEquals(HubertGraph.parameterShapes(fromFixture).keySet(),
                    HubertGraph.parameterShapes(md.config()).keySet(), file + ": derived architecture");
            assertTrue(md.doNormalize(), file + ": task.normalize");
            HubertGraph g = md.buildGraph(SameDiff.create(), HubertGraph.Mode.INFERENCE,
                    WeightImporter.Policy.strict()).graph();
            compareCase(g, "tiny-large", "single", HubertFixtures.singleInput("tiny-large"), null);
            compareCase(g, "tiny-large", "batch", HubertFixtures.batchInput("tiny-large"),
                    HubertFixtures.batchMask("tiny-large"));
        }
    }
}
