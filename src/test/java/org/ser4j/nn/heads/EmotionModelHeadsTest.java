package org.ser4j.nn.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.util.BadInputException;

class EmotionModelHeadsTest {
    @Test
    void blocksListParametersAndOutputsInGraphOrder() {
        EmotionModelHeads full = new EmotionModelHeads(8, 3, true, UtterancePooling.MEAN_STD, true, 6, 4, 2);
        assertEquals(List.of(EmotionModelHeads.Kind.LAYER_WEIGHTING, EmotionModelHeads.Kind.POOLING,
                EmotionModelHeads.Kind.STANDARDIZATION, EmotionModelHeads.Kind.EMOTION_HEAD,
                EmotionModelHeads.Kind.DOMAIN_HEAD), full.blocks().stream().map(EmotionModelHeads.Block::kind).toList());
        assertEquals(List.of("pooled_embedding", "emotion_logits", "domain_logits"), full.outputNames());
        assertEquals(List.of("heads.layer_weights[3]", "heads.fe_norm.mean[16]", "heads.fe_norm.std[16]",
                "heads.emotion.projection.weight[6, 16]", "heads.emotion.projection.bias[6]",
                "heads.emotion.classifier.weight[4, 6]", "heads.emotion.classifier.bias[4]",
                "heads.domain.projection.weight[6, 16]", "heads.domain.projection.bias[6]",
                "heads.domain.classifier.weight[2, 6]", "heads.domain.classifier.bias[2]"),
                full.parameters().stream().map(EmotionModelHeads.Parameter::toString).toList());

        EmotionModelHeads plain = new EmotionModelHeads(8, 3, false, UtterancePooling.MEAN, false, 6, 4, 0);
        assertEquals(List.of("pooled_embedding", "emotion_logits"), plain.outputNames());
        assertEquals(List.of(), plain.parameterNames(EmotionModelHeads.Kind.STANDARDIZATION,
                EmotionModelHeads.Kind.DOMAIN_HEAD));
        assertThrows(IllegalArgumentException.class,
                () -> new EmotionModelHeads(8, 3, false, UtterancePooling.MEAN, false, 6, 4, 1));
    }

    @Test
    void sameDiffGraphHoldsExactlyTheDescribedParametersAndCallsTheHooksInOrder() {
        EmotionModelHeads heads = new EmotionModelHeads(5, 2, true, UtterancePooling.MEAN, true, 4, 3, 2);
        SameDiff sd = SameDiff.create();
        SDVariable h0 = sd.placeHolder("h0", DataType.FLOAT, -1, -1, 5);
        SDVariable h1 = sd.placeHolder("h1", DataType.FLOAT, -1, -1, 5);
        SDVariable mask = sd.placeHolder("mask", DataType.FLOAT, -1, -1);
        List<String> calls = new ArrayList<>();
        EmotionModelHeads.Graph g = heads.build(sd, List.of(h0, h1), mask, 7L, new EmotionModelHeads.TrainingHooks() {
            @Override
            public void emotionLogits(SameDiff s, SDVariable logits) {
                calls.add("emotion " + logits.name());
            }

            @Override
            public SDVariable domainInput(SameDiff s, SDVariable headInput) {
                calls.add("domain input");
                return headInput;
            }

            @Override
            public void domainLogits(SameDiff s, SDVariable logits) {
                calls.add("domain " + logits.name());
            }
        });
        assertEquals(List.of("emotion emotion_logits", "domain input", "domain domain_logits"), calls);
        assertEquals(EmotionModelHeads.POOLED, g.pooled().name());
        Map<String, long[]> expected = new TreeMap<>();
        heads.parameters().forEach(p -> expected.put(p.name(), p.shape()));
        Map<String, long[]> actual = new TreeMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                actual.put(v.name(), v.getArr().shape());
            }
        }
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, shape) -> assertArrayEquals(shape, actual.get(name), name));
        Map<String, INDArray> tensors = new TreeMap<>();
        expected.keySet().forEach(name -> tensors.put(name, sd.getVariable(name).getArr()));
        assertEquals(heads, EmotionModelHeads.ofTensors(tensors, 5, 2, "model"), "read back off the tensors");
        tensors.remove("heads.emotion.classifier.weight");
        assertThrows(BadInputException.class, () -> EmotionModelHeads.ofTensors(tensors, 5, 2, "model"));

        INDArray x0 = Nd4j.rand(DataType.FLOAT, 2, 3, 5);
        INDArray x1 = Nd4j.rand(DataType.FLOAT, 2, 3, 5);
        INDArray m = Nd4j.createFromArray(new float[][] {{1, 1, 1}, {1, 1, 0}});
        Map<String, INDArray> out = sd.output(Map.of("h0", x0, "h1", x1, "mask", m), heads.outputNames());
        assertArrayEquals(new long[] {2, 5}, out.get(EmotionModelHeads.POOLED).shape());
        assertArrayEquals(new long[] {2, 3}, out.get(EmotionModelHeads.EMOTION_LOGITS).shape());
        assertArrayEquals(new long[] {2, 2}, out.get(EmotionModelHeads.DOMAIN_LOGITS).shape());
    }

    @Test
    void onPooledInputTheGraphStartsAfterThePooling() {
        EmotionModelHeads heads = new EmotionModelHeads(5, 2, true, UtterancePooling.MEAN_STD, false, 4, 3, 0);
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("pooled_in", DataType.FLOAT, -1, heads.pooledWidth());
        EmotionModelHeads.Graph g = heads.buildOnPooled(sd, in, 7L, EmotionModelHeads.NONE);
        assertEquals(in, g.pooled());
        assertNull(g.domainLogits());
        assertEquals(false, sd.hasVariable(EmotionModelHeads.POOLED));
        assertEquals(false, sd.hasVariable(LayerWeighting.WEIGHTS));
        assertEquals(heads.parameterNames(EmotionModelHeads.Kind.EMOTION_HEAD).size(),
                sd.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE).count());
    }
}
