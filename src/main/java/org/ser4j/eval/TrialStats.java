package org.ser4j.eval;

import java.util.List;

/**
 * Mean, standard deviation, maximum and minimum of one metric over trials (the paper's Tables 2-4). The deviation is
 * the sample standard deviation (n - 1 in the denominator); with one trial it is NaN rather than a misleading 0.
 */
public record TrialStats(int n, double mean, double std, double max, double min) {

    public static TrialStats of(List<Double> values) {
        if (values.isEmpty()) {
            return new TrialStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double v : values) {
            sum += v;
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        double mean = sum / values.size();
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double std = values.size() > 1 ? Math.sqrt(ss / (values.size() - 1)) : Double.NaN;
        return new TrialStats(values.size(), mean, std, max, min);
    }
}
