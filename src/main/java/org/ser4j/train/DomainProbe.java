package org.ser4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ser4j.eval.Embeddings;
import org.ser4j.eval.RunLayout;
import org.ser4j.util.Npy;
import org.ser4j.util.SoftmaxRegression;

/**
 * How much domain information a system's FE output carries: a linear probe ({@link SoftmaxRegression} on
 * standardised features, full-batch gradient descent, deterministic) is trained on the pooled train-split embeddings
 * of each fold to predict the domain, and scored on the test-split embeddings. DANN should give a lower accuracy than
 * MTL (the check); chance is about 1 / domains.
 */
public final class DomainProbe {
    private DomainProbe() {}

    /** Test accuracy of the probe per fold of a system folder with {@code embeddings/}. */
    public static Map<Integer, Double> probeSystem(Path systemDir, Map<String, Integer> domainOf, int domains)
            throws IOException {
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (int k = 1; k <= 99; k++) {
            Path trainNpy = RunLayout.embeddingMatrix(systemDir, k, "train");
            if (!Files.isRegularFile(trainNpy)) {
                continue;
            }
            float[][] xTrain = Npy.readRows(trainNpy);
            float[][] xTest = Npy.readRows(RunLayout.embeddingMatrix(systemDir, k, "test"));
            int[] yTrain = labels(Embeddings.readIds(RunLayout.embeddingIds(systemDir, k, "train")), domainOf);
            int[] yTest = labels(Embeddings.readIds(RunLayout.embeddingIds(systemDir, k, "test")), domainOf);
            out.put(k, accuracy(xTrain, yTrain, xTest, yTest, domains, 300, 0.5));
        }
        return out;
    }

    private static int[] labels(List<String> ids, Map<String, Integer> domainOf) {
        int[] y = new int[ids.size()];
        for (int i = 0; i < y.length; i++) {
            Integer d = domainOf.get(ids.get(i));
            if (d == null) {
                throw new IllegalArgumentException("no domain known for utterance " + ids.get(i));
            }
            y[i] = d;
        }
        return y;
    }

    /** Trains the probe on (xTrain, yTrain) and returns its accuracy on (xTest, yTest). */
    public static double accuracy(float[][] xTrain, int[] yTrain, float[][] xTest, int[] yTest, int classes,
                                  int epochs, double lr) {
        int d = xTrain[0].length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (float[] r : xTrain) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= xTrain.length;
        }
        for (float[] r : xTrain) {
            for (int j = 0; j < d; j++) {
                sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]);
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(sd[j] / xTrain.length) + 1e-6;
        }
        SoftmaxRegression probe = SoftmaxRegression.fitGradientDescent(standardise(xTrain, mean, sd), yTrain, classes,
                epochs, lr, 1e-3);
        double[][] t = standardise(xTest, mean, sd);
        int hit = 0;
        for (int i = 0; i < t.length; i++) {
            // the argmax of the probabilities, not of the scores: exp may round two close scores to a tie
            if (SoftmaxRegression.argmax(probe.probabilities(t[i])) == yTest[i]) {
                hit++;
            }
        }
        return (double) hit / t.length;
    }

    private static double[][] standardise(float[][] x, double[] mean, double[] sd) {
        double[][] out = new double[x.length][mean.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < mean.length; j++) {
                out[i][j] = (x[i][j] - mean[j]) / sd[j];
            }
        }
        return out;
    }

    /** Domain index of every utterance of the experiment. */
    public static Map<String, Integer> domains(ExperimentData data, List<String> domainOrder) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (var m : data.manifests()) {
            for (var r : m.rows()) {
                out.put(r.uttId(), domainOrder.indexOf(r.domain()));
            }
        }
        return out;
    }

}
