package org.ser4j.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Training-batch figures accumulated between two evaluations (dropout on, so they are not comparable to the
 * evaluation lines). Mutable while training; saved in {@code trainer.json}.
 */
public final class RunningTrainMetrics {
    public double lossEmo;
    public double lossDom;
    public int count;
    public List<Integer> truth = new ArrayList<>();
    public List<Integer> predicted = new ArrayList<>();

    void reset() {
        lossEmo = 0;
        lossDom = 0;
        count = 0;
        truth = new ArrayList<>();
        predicted = new ArrayList<>();
    }

    RunningTrainMetrics copy() {
        RunningTrainMetrics c = new RunningTrainMetrics();
        c.lossEmo = lossEmo;
        c.lossDom = lossDom;
        c.count = count;
        c.truth = new ArrayList<>(truth);
        c.predicted = new ArrayList<>(predicted);
        return c;
    }

    int[] truthArray() {
        return truth.stream().mapToInt(Integer::intValue).toArray();
    }

    int[] predictedArray() {
        return predicted.stream().mapToInt(Integer::intValue).toArray();
    }
}
