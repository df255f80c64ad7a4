package org.ser4j.weights;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/** Finds NaN and infinite values in weight tensors, which ser4j treats as bad input. */
final class NonFiniteValues {
    private NonFiniteValues() {}

    /** {@code "NaN at flat index 17"} for the first non-finite value of {@code t}, or null when all are finite. */
    static String firstIn(INDArray t) {
        if (t.isEmpty() || !t.dataType().isFPType() || !BooleanIndexing.or(t, Conditions.notFinite())) {
            return null;
        }
        // rare path: a copy in row-major order to name the first offending element
        float[] values = t.castTo(DataType.FLOAT).dup('c').data().asFloat();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return values[i] + " at flat index " + i;
            }
        }
        return "a non-finite value"; // only if ND4J and Java disagree, which they should not
    }
}
