package org.ser4j.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.util.BadInputException;

/** Issue 21: weights holding NaN or infinity are refused at import, naming each tensor, unless the policy allows. */
class NonFiniteWeightImportTest {
    private static final Map<String, long[]> SHAPES = Map.of("enc.a", new long[] {2, 2}, "enc.b", new long[] {3},
            "enc.c", new long[] {2});

    private static Map<String, INDArray> weights(float a, float b, float head) {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("enc.a", Nd4j.create(new float[] {0, 1, 2, a}, new long[] {2, 2}, 'c'));
        t.put("enc.b", Nd4j.create(new float[] {b, 0, 0}, new long[] {3}, 'c'));
        t.put("enc.c", Nd4j.create(new float[] {1, 2}, new long[] {2}, 'c'));
        t.put("heads.emotion.weight", Nd4j.create(new float[] {head, 1}, new long[] {2}, 'c'));
        t.put("classifier.weight", Nd4j.create(new float[] {Float.NaN}, new long[] {1}, 'c')); // dropped, not checked
        return t;
    }

    @Test
    void nonFiniteTensorsAreNamedWithTheirFirstBadValue() {
        BadInputException e = assertThrows(BadInputException.class, () -> WeightImporter.check(SHAPES,
                weights(Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY),
                WeightImporter.Policy.ignoreUnexpected(), "ckpt.bin"));
        String m = e.getMessage();
        assertTrue(m.startsWith("ckpt.bin: non-finite weights (NaN or infinity) in 3 tensor(s)"), m);
        assertTrue(m.contains("enc.a (NaN at flat index 3)") && m.contains("enc.b (-Infinity at flat index 0)")
                && m.contains("heads.emotion.weight (Infinity at flat index 0)") && !m.contains("enc.c")
                && !m.contains("classifier.weight"), m);
        assertTrue(m.contains("--allow-non-finite"), m);
    }

    @Test
    void finiteWeightsPassAndTheOptOutLetsNonFiniteThrough() {
        WeightImporter.Report clean = WeightImporter.check(SHAPES, weights(3, 4, 5),
                WeightImporter.Policy.ignoreUnexpected(), "ckpt.bin");
        assertEquals(3, clean.assigned().size());
        WeightImporter.Policy optOut = WeightImporter.Policy.ignoreUnexpected().allowingNonFinite();
        WeightImporter.Report r = WeightImporter.check(SHAPES, weights(Float.NaN, 4, 5), optOut, "ckpt.bin");
        assertEquals(List.of("classifier.weight"), r.unexpected());
        assertTrue(optOut.allowNonFinite() && !WeightImporter.Policy.strict().allowNonFinite());
    }

    @Test
    void theMaximumFiniteFloatIsNotMistakenForInfinity() {
        Map<String, INDArray> t = weights(Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE);
        assertEquals(3, WeightImporter.check(SHAPES, t, WeightImporter.Policy.ignoreUnexpected(), "x").assigned().size());
    }
}
