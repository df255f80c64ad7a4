package org.ser4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ser4j.util.Recall;

class ConfusionMatrixTest {
    static final List<String> L = List.of("ang", "hap", "neu", "sad");

    @Test
    void uarWarAndRowPercentMatchAHandComputedMatrix() {
        // truth counts: ang 4, hap 2, neu 3, sad 1 (10 utterances)
        int[] truth = {0, 0, 0, 0, 1, 1, 2, 2, 2, 3};
        int[] pred = {0, 0, 1, 2, 1, 0, 2, 2, 3, 3};
        ConfusionMatrix m = ConfusionMatrix.of(L, truth, pred);
        assertEquals(2, m.count(0, 0));
        assertEquals(1, m.count(0, 1));
        assertEquals(1, m.count(1, 0));
        assertEquals(6, m.correct());
        // recalls: 2/4, 1/2, 2/3, 1/1 -> UAR = (0.5 + 0.5 + 0.6667 + 1) / 4 = 0.666667; WAR = 6/10
        assertEquals((0.5 + 0.5 + 2.0 / 3 + 1.0) / 4, m.uar(), 1e-12);
        assertEquals(0.6, m.war(), 1e-12);
        double[][] p = m.rowPercent();
        assertEquals(50.0, p[0][0], 1e-12);
        assertEquals(25.0, p[0][1], 1e-12);
        assertEquals(100.0 / 3, p[2][3], 1e-12);
        for (double[] row : p) {
            double s = 0;
            for (double v : row) {
                s += v;
            }
            assertEquals(100.0, s, 1e-9);
        }
    }

    @Test
    void absentClassIsLeftOutOfUar() {
        ConfusionMatrix m = ConfusionMatrix.of(L, new int[] {0, 0, 1}, new int[] {0, 1, 1});
        assertEquals((0.5 + 1.0) / 2, m.uar(), 1e-12);
        assertTrue(Double.isNaN(m.rowPercent()[3][0]));
    }

    @Test
    void foldedEvaluationReportsPooledAndMeanOfFolds() {
        // fold 1: 2 utterances both right; fold 2: 4 utterances, 2 right.
        int[] truth = {0, 1, 0, 0, 1, 1};
        int[] pred = {0, 1, 0, 1, 1, 0};
        int[] fold = {1, 1, 2, 2, 2, 2};
        FoldedEvaluation e = FoldedEvaluation.of(List.of("a", "b"), truth, pred, fold);
        assertEquals(4.0 / 6, e.pooledWar(), 1e-12);
        assertEquals((1.0 + 0.5) / 2, e.meanOfFoldsWar(), 1e-12);
        // pooled recalls: a 2/3, b 2/3; fold 2 recalls: a 1/2, b 1/2
        assertEquals(2.0 / 3, e.pooledUar(), 1e-12);
        assertEquals((1.0 + 0.5) / 2, e.meanOfFoldsUar(), 1e-12);
    }

    @Test
    void trialStatsUseTheSampleDeviation() {
        TrialStats s = TrialStats.of(List.of(72.0, 74.0, 73.0, 75.0));
        assertEquals(73.5, s.mean(), 1e-12);
        assertEquals(Math.sqrt(5.0 / 3), s.std(), 1e-12);
        assertEquals(75.0, s.max());
        assertEquals(72.0, s.min());
        assertTrue(Double.isNaN(TrialStats.of(List.of(1.0)).std()));
    }

    @Test
    void pearsonOfKnownSeries() {
        assertEquals(1.0, SystemCorrelation.pearson(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-12);
        assertEquals(-1.0, SystemCorrelation.pearson(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
        // x = (1,0,0,1), y = (1,1,0,0): covariance 0
        assertEquals(0.0, SystemCorrelation.pearson(new double[] {1, 0, 0, 1}, new double[] {1, 1, 0, 0}), 1e-12);
    }

    @Test
    void matrixFiguresEqualThoseOfTheLabelArraysToTheLastBit() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        List<String> labels = List.of("a", "b", "c", "d", "e", "f", "g");
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + r.nextInt(300);
            int[] truth = new int[n];
            int[] pred = new int[n];
            for (int i = 0; i < n; i++) {
                truth[i] = r.nextInt(labels.size() - 1); // class g never occurs: left out of the mean
                pred[i] = r.nextInt(labels.size());
            }
            ConfusionMatrix m = ConfusionMatrix.of(labels, truth, pred);
            assertEquals(Recall.uar(truth, pred, labels.size()), m.uar(), 0.0);
            assertEquals(Recall.war(truth, pred), m.war(), 0.0);
        }
    }
}
