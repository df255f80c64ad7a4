package org.ser4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.app.Ser4j;
import org.ser4j.infer.ExportedModel;
import org.ser4j.infer.HeadLogits;
import org.ser4j.infer.PaddedBatch;
import org.ser4j.infer.SameDiffBackend;
import org.ser4j.nn.heads.UtterancePooling;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.train.HubertEncoderFactory;
import org.ser4j.train.ModelDirectoryExporter;
import org.ser4j.train.ModelSpec;
import org.ser4j.train.MultitaskModel;
import org.ser4j.weights.ModelDirectory;

/**
 * A "trained" system (the training code's multitask model on tiny-large, heads and layer weights randomised as after
 * training, written by the training code's {@link ModelDirectoryExporter}) exported through the {@code ser4j export}
 * CLI and run by ONNX Runtime: pooled embedding and emotion/domain logits within 1e-4 of ser4j's SameDiff outputs on
 * a padded batch with its mask; label names travel in the model metadata.
 */
class OnnxTrainedSystemParityTest {
    static final double TOL = 1e-4;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "layerWeights={0} gamma={1} pooling={2}")
    @CsvSource({"false, -1, MEAN", "true, 0, MEAN", "true, 1, MEAN_STD"})
    void exportedSystemMatchesSameDiff(boolean layerWeights, int gamma, UtterancePooling pooling) throws Exception {
        Path fixture = OnnxFixtures.dir("tiny-large");
        HubertEncoderFactory factory = new HubertEncoderFactory(HubertConfig.fromJson(fixture.resolve("config.json")),
                fixture, 3);
        List<String> emotions = List.of("ang", "hap", "neu", "sad");
        List<String> domains = List.of("EM", "EF", "JM", "JF");
        MultitaskModel model = MultitaskModel.build(factory, new ModelSpec(emotions, domains, 16, layerWeights, gamma,
                11, false, false, pooling));
        SameDiff sd = model.sameDiff();
        factory.loadPretrained(sd);
        // Trained heads have non-zero biases and uneven layer weights; initial ones do not.
        Random rng = new Random(5);
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (String name : model.allVariables()) {
            INDArray arr = sd.getVariable(name).getArr();
            if (name.startsWith("heads.") && (name.endsWith(".bias") || name.endsWith("layer_weights"))) {
                for (long i = 0; i < arr.length(); i++) {
                    arr.putScalar(i, rng.nextGaussian() * 0.5);
                }
            }
            params.put(name, arr);
        }
        Path dir = tmp.resolve("system");
        new ModelDirectoryExporter(factory, model.spec(), true, null).writeModelDirectory(dir, params,
                Map.of("stage", "test"));

        Path onnx = tmp.resolve("system.onnx");
        int rc = Ser4j.commandLine().execute("export", "--format", "onnx", "--model", dir.toString(),
                "--out", onnx.toString());
        assertEquals(0, rc, "ser4j export exit code");

        INDArray x = OnnxFixtures.batchInput("tiny-large");
        INDArray mask = OnnxFixtures.batchMask("tiny-large");
        Map<String, INDArray> feed = new LinkedHashMap<>(HubertGraph.inputs(x, mask));
        feed.putAll(model.encoder().evalMasks(2, 16000, new int[] {16000, 9600}));
        List<String> wanted = gamma != 0
                ? List.of(MultitaskModel.FE_OUTPUT, MultitaskModel.EMOTION_LOGITS, MultitaskModel.DOMAIN_LOGITS)
                : List.of(MultitaskModel.FE_OUTPUT, MultitaskModel.EMOTION_LOGITS);
        Map<String, INDArray> ref = sd.output(feed, wanted);

        try (OnnxRuntimeEncoder enc = OnnxRuntimeEncoder.open(onnx, OnnxRuntimeEncoder.Settings.cpu(1))) {
            assertEquals(emotions, enc.emotionLabels());
            assertEquals(gamma != 0 ? domains : List.of(), enc.domainLabels());
            assertEquals(gamma != 0, enc.outputNames().contains(OnnxNames.DOMAIN_LOGITS));
            Map<String, INDArray> out = enc.run(x, mask, Set.of());
            check(ref.get(MultitaskModel.FE_OUTPUT), out.get(OnnxNames.POOLED), "pooled");
            check(ref.get(MultitaskModel.EMOTION_LOGITS), out.get(OnnxNames.EMOTION_LOGITS), "emotion logits");
            if (gamma != 0) {
                check(ref.get(MultitaskModel.DOMAIN_LOGITS), out.get(OnnxNames.DOMAIN_LOGITS), "domain logits");
            }
            // Padding must not leak into the utterance vector: row 1 alone (unpadded) gives the same logits.
            INDArray row1 = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 9600)).dup();
            INDArray alone = enc.run(row1, null, Set.of(OnnxNames.EMOTION_LOGITS)).get(OnnxNames.EMOTION_LOGITS);
            INDArray batched = out.get(OnnxNames.EMOTION_LOGITS).get(
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2)).dup();
            check(batched, alone, "row 1 padded vs alone");
        }
        // The SameDiff inference backend (predict) rebuilds the same graph from the directory, pooling included.
        ExportedModel exported = ExportedModel.load(dir);
        assertEquals(pooling, exported.metadata().pooling());
        float[][] rows = x.toFloatMatrix();
        float[] shorter = java.util.Arrays.copyOf(rows[1], 9600);
        HeadLogits viaPredict = new SameDiffBackend(exported).forward(PaddedBatch.of(new float[][] {rows[0], shorter}));
        check(ref.get(MultitaskModel.EMOTION_LOGITS), Nd4j.createFromArray(viaPredict.emotion()),
                "predict backend emotion logits");
        // ModelDirectory (the embed/convert loader) reads the training export too.
        assertTrue(ModelDirectory.load(dir).tensors().containsKey("heads.emotion.classifier.weight"));
    }

    private static void check(INDArray expected, INDArray actual, String what) {
        double d = OnnxFixtures.maxAbsDiff(expected.castTo(DataType.FLOAT), actual);
        assertTrue(d <= TOL, what + ": max diff " + d);
        assertTrue(expected.castTo(DataType.DOUBLE).amaxNumber().doubleValue() > 1e-2, what + " is not trivially 0");
        Nd4j.getExecutioner().commit();
    }
}
