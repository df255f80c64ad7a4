package org.ser4j.train;

import java.util.List;

/** The utterances of one leave-one-session-out fold: train, optional dev (held-out training speakers), test. */
public record FoldData(int fold, List<Example> train, List<Example> dev, List<Example> test) {
    public FoldData {
        train = List.copyOf(train);
        dev = List.copyOf(dev);
        test = List.copyOf(test);
        if (train.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException("fold " + fold + ": train (" + train.size() + ") and test ("
                    + test.size() + ") must both be non-empty");
        }
    }
}
