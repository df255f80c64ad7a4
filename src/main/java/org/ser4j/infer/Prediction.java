package org.ser4j.infer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recognizer's answer for one input.
 *
 * @param label               the most probable emotion (lowest class index on a tie)
 * @param labels              the model's label order; {@code probabilities} and {@code logits} follow it
 * @param probabilities       softmax of {@code logits}
 * @param logits              emotion logits (averaged over windows for a chunked input)
 * @param domains             domain labels of the model's domain head (empty when it has none)
 * @param domainProbabilities softmax of the averaged domain logits, or null without a domain head
 * @param windows             how many windows the input was cut into (1 = run whole)
 * @param durationSeconds     input duration
 */
public record Prediction(String label, List<String> labels, float[] probabilities, float[] logits,
                         List<String> domains, float[] domainProbabilities, int windows, double durationSeconds) {

    /** Probability of one label. */
    public float probability(String emotion) {
        int i = labels.indexOf(emotion);
        if (i < 0) {
            throw new IllegalArgumentException("label '" + emotion + "' is not one of " + labels);
        }
        return probabilities[i];
    }

    /** Label -> probability, in label order. */
    public Map<String, Float> probabilityMap() {
        Map<String, Float> out = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            out.put(labels.get(i), probabilities[i]);
        }
        return out;
    }

    public int labelIndex() {
        return labels.indexOf(label);
    }

    static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
