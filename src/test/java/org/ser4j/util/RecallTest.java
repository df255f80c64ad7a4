package org.ser4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Issue 21: the UAR/WAR used for step selection and the tables, against hand-computed values. */
class RecallTest {
    @Test
    void uarAveragesTheRecallsOfTheClassesPresentInTheTruth() {
        // class 0: 2 of 3 right; class 1: 1 of 2; class 2: 0 of 1; class 3 never true (predicted once)
        int[] truth = {0, 0, 0, 1, 1, 2};
        int[] predicted = {0, 0, 3, 1, 0, 1};
        assertEquals((2.0 / 3 + 1.0 / 2 + 0.0) / 3, Recall.uar(truth, predicted, 4), 1e-15);
        assertEquals(3.0 / 6, Recall.war(truth, predicted), 1e-15);
    }

    @Test
    void uarWeighsClassesEquallyWhereWarWeighsUtterances() {
        // a majority-class predictor: 9 of 10 right, but one class of two fully missed
        int[] truth = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        int[] predicted = new int[10];
        assertEquals(0.5, Recall.uar(truth, predicted, 2), 1e-15);
        assertEquals(0.9, Recall.war(truth, predicted), 1e-15);
    }

    @Test
    void emptyTruthIsNaNAndArgmaxTakesTheLowestIndexOnTies() {
        assertTrue(Double.isNaN(Recall.uar(new int[0], new int[0], 4)));
        assertTrue(Double.isNaN(Recall.war(new int[0], new int[0])));
        assertEquals(1, Recall.argmax(new float[] {0.1f, 0.7f, 0.7f, -1f}));
        assertEquals(0, Recall.argmax(new float[] {2f, 2f}));
    }
}
