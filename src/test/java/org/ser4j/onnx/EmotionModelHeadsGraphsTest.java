package org.ser4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.infer.ExportedModel;
import org.ser4j.infer.HeadLogits;
import org.ser4j.infer.PaddedBatch;
import org.ser4j.infer.SameDiffBackend;
import org.ser4j.nn.heads.EmotionModelHeads;
import org.ser4j.nn.heads.PooledStandardization;
import org.ser4j.nn.heads.UtterancePooling;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.train.HubertEncoderFactory;
import org.ser4j.train.ModelDirectoryExporter;
import org.ser4j.train.ModelSpec;
import org.ser4j.train.MultitaskModel;
import org.ser4j.weights.ModelDirectory;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/**
 * The training graph, the SameDiff inference graph and the ONNX graph of one model all come from its
 * {@link EmotionModelHeads}: the same description is recovered from the exported directory, each graph exposes its
 * output names and holds exactly its parameters (names and shapes), and the three agree on the outputs of a padded
 * batch with the pooled vector standardised.
 */
class EmotionModelHeadsGraphsTest {
    static final double TOL = 1e-4;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "layerWeights={0} gamma={1} pooling={2}")
    @CsvSource({"true, -1, MEAN_STD", "false, 1, MEAN", "false, 0, MEAN"})
    void threeGraphsFromOneDescription(boolean layerWeights, int gamma, UtterancePooling pooling) throws Exception {
        Path fixture = OnnxFixtures.dir("tiny-large");
        HubertConfig config = HubertConfig.fromJson(fixture.resolve("config.json"));
        HubertEncoderFactory factory = new HubertEncoderFactory(config, fixture, 3);
        MultitaskModel model = MultitaskModel.build(factory, new ModelSpec(List.of("ang", "hap", "neu", "sad"),
                List.of("EM", "EF", "JM", "JF"), 16, layerWeights, gamma, 11, true, false, pooling));
        SameDiff sd = model.sameDiff();
        factory.loadPretrained(sd);
        EmotionModelHeads heads = model.heads();
        assertEquals(List.of(true, layerWeights, gamma != 0), List.of(heads.standardized(), heads.layerWeights(),
                heads.hasDomainHead()));
        // trained values: non-zero biases, uneven layer weights, statistics away from 0 and 1
        Random rng = new Random(5);
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (String name : model.allVariables()) {
            INDArray arr = sd.getVariable(name).getArr();
            if (name.startsWith("heads.") && !name.endsWith(".weight")) {
                for (long i = 0; i < arr.length(); i++) {
                    double g = rng.nextGaussian() * 0.5;
                    arr.putScalar(i, name.equals(PooledStandardization.STD) ? 0.5 + Math.abs(g) : g);
                }
            }
            params.put(name, arr);
        }

        Map<String, long[]> expected = new TreeMap<>();
        heads.parameters().forEach(p -> expected.put(p.name(), p.shape()));

        // training graph
        assertShapes(expected, headVariables(sd), "training graph");
        for (String out : heads.outputNames()) {
            assertTrue(sd.hasVariable(out), "training graph output " + out);
        }

        Path dir = tmp.resolve("model");
        new ModelDirectoryExporter(factory, model.spec(), true, null).writeModelDirectory(dir, params,
                Map.of("stage", "test"));

        // SameDiff inference graph
        ExportedModel exported = ExportedModel.load(dir);
        assertEquals(heads, SameDiffBackend.heads(exported), "description recovered from the model directory");
        SameDiffBackend backend = new SameDiffBackend(exported);
        assertShapes(expected, headVariables(backend.sameDiff()), "SameDiff inference graph");
        for (String out : heads.outputNames()) {
            assertTrue(backend.sameDiff().hasVariable(out), "SameDiff inference output " + out);
        }

        // ONNX graph
        ModelDirectory md = ModelDirectory.load(dir);
        ModelProto proto = HubertOnnxExporter.build(md, HubertOnnxExporter.Options.defaults());
        Map<String, long[]> initializers = new TreeMap<>();
        for (TensorProto t : proto.getGraph().getInitializerList()) {
            if (t.getName().startsWith("heads.")) {
                initializers.put(t.getName(), t.getDimsList().stream().mapToLong(Long::longValue).toArray());
            }
        }
        assertShapes(expected, initializers, "ONNX graph");
        List<String> onnxOutputs = proto.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList();
        assertTrue(onnxOutputs.containsAll(heads.outputNames()), "ONNX outputs " + onnxOutputs);

        // the three agree on a padded batch
        INDArray x = OnnxFixtures.batchInput("tiny-large");
        INDArray mask = OnnxFixtures.batchMask("tiny-large");
        Map<String, INDArray> feed = new LinkedHashMap<>(HubertGraph.inputs(x, mask));
        feed.putAll(model.encoder().evalMasks(2, 16000, new int[] {16000, 9600}));
        Map<String, INDArray> ref = sd.output(feed, heads.outputNames());
        Path onnx = tmp.resolve("model.onnx");
        HubertOnnxExporter.export(md, onnx, HubertOnnxExporter.Options.defaults());
        try (OnnxRuntimeEncoder enc = OnnxRuntimeEncoder.open(onnx, OnnxRuntimeEncoder.Settings.cpu(1))) {
            Map<String, INDArray> out = enc.run(x, mask, Set.copyOf(heads.outputNames()));
            for (String name : heads.outputNames()) {
                check(ref.get(name), out.get(name), "ONNX " + name);
            }
        }
        float[][] rows = x.toFloatMatrix();
        HeadLogits viaBackend = backend.forward(PaddedBatch.of(new float[][] {rows[0],
                java.util.Arrays.copyOf(rows[1], 9600)}));
        check(ref.get(EmotionModelHeads.EMOTION_LOGITS), Nd4j.createFromArray(viaBackend.emotion()),
                "SameDiff backend emotion logits");
        if (gamma != 0) {
            check(ref.get(EmotionModelHeads.DOMAIN_LOGITS), Nd4j.createFromArray(viaBackend.domain()),
                    "SameDiff backend domain logits");
        }
    }

    private static Map<String, long[]> headVariables(SameDiff sd) {
        Map<String, long[]> out = new TreeMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE && v.name().startsWith("heads.")) {
                out.put(v.name(), v.getArr().shape());
            }
        }
        return out;
    }

    private static void assertShapes(Map<String, long[]> expected, Map<String, long[]> actual, String graph) {
        assertEquals(expected.keySet(), actual.keySet(), graph + ": parameter names");
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name), actual.get(name), graph + ": shape of " + name);
        }
    }

    private static void check(INDArray expected, INDArray actual, String what) {
        double d = OnnxFixtures.maxAbsDiff(expected.castTo(DataType.FLOAT), actual.castTo(DataType.FLOAT));
        assertTrue(d <= TOL, what + ": max diff " + d);
        assertTrue(expected.castTo(DataType.DOUBLE).amaxNumber().doubleValue() > 1e-2, what + " is not trivially 0");
    }
}
