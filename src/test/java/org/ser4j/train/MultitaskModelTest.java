package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class MultitaskModelTest {
    static final List<String> EMO = List.of("ang", "hap", "neu", "sad");
    static final List<String> DOM = List.of("EM", "EF", "JM", "JF");

    static MultitaskModel model(int gamma, boolean layerWeights) {
        return MultitaskModel.build(new TinyTestEncoder(8, 11, 0.1), new ModelSpec(EMO, DOM, 6, layerWeights, gamma, 5));
    }

    private static INDArray domainGradient(MultitaskModel m, Batch b, String var) {
        m.sameDiff().setLossVariables(MultitaskModel.LOSS_DOM);
        Map<String, INDArray> ph = Evaluator.inputs(m, b, null, null);
        return m.sameDiff().calculateGradients(ph, var).get(var);
    }

    @Test
    void domainTermGradientOnTheEncoderHasOppositeSignsInMtlAndDann() {
        SyntheticExamples data = new SyntheticExamples(1, 2, 3);
        Batch b = BatchAssembler.assemble(data.examples.subList(0, 6), data.source(), 0, null, false);
        MultitaskModel mtl = model(1, false);
        MultitaskModel dann = model(-1, false);
        assertNull(mtl.grlLambdaName());
        dann.setGrlLambda(1.0);
        INDArray gm = domainGradient(mtl, b, "enc.layer.weight");
        INDArray gd = domainGradient(dann, b, "enc.layer.weight");
        assertTrue(gm.norm2Number().doubleValue() > 1e-6, "the domain loss must reach the encoder");
        assertEquals(0.0, gd.add(gm).amaxNumber().doubleValue(), 1e-6 * gm.amaxNumber().doubleValue() + 1e-9);
        // the DC's own weights learn to classify domains in both modes: same gradient
        INDArray hm = domainGradient(mtl, b, "heads.domain.classifier.weight");
        INDArray hd = domainGradient(dann, b, "heads.domain.classifier.weight");
        assertEquals(0.0, hd.sub(hm).amaxNumber().doubleValue(), 1e-6);
        // lambda scales the reversed gradient
        dann.setGrlLambda(0.25);
        INDArray gq = domainGradient(dann, b, "enc.layer.weight");
        assertEquals(0.0, gq.add(gm.mul(0.25)).amaxNumber().doubleValue(), 1e-6);
    }

    @Test
    void vanillaHasNoDomainHeadAndPoolingIgnoresPadding() {
        MultitaskModel v = model(0, true);
        assertFalse(v.spec().hasDomainHead());
        assertTrue(v.domainHeadVariables().isEmpty());
        assertTrue(v.allVariables().contains("heads.layer_weights"));
        SyntheticExamples data = new SyntheticExamples(1, 2, 3);
        Example shortest = data.examples.get(0);
        Example longer = data.examples.stream().filter(e -> e.samples() > shortest.samples() + 400).findFirst().orElseThrow();
        Batch alone = BatchAssembler.assemble(List.of(shortest), data.source(), 0, null, false);
        Batch padded = BatchAssembler.assemble(List.of(shortest, longer), data.source(), 0, null, false);
        INDArray a = v.sameDiff().output(Evaluator.inputs(v, alone, null, null), MultitaskModel.FE_OUTPUT)
                .get(MultitaskModel.FE_OUTPUT);
        INDArray p = v.sameDiff().output(Evaluator.inputs(v, padded, null, null), MultitaskModel.FE_OUTPUT)
                .get(MultitaskModel.FE_OUTPUT);
        assertEquals(0.0, a.getRow(0).sub(p.getRow(0)).amaxNumber().doubleValue(), 1e-5);
    }
}
