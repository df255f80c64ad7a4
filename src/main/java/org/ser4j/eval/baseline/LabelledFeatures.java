package org.ser4j.eval.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** Feature rows with the metadata the protocols split on. */
public record LabelledFeatures(double[][] x, int[] emotion, int[] session, String[] language, String[] speaker) {

    public int size() {
        return x.length;
    }

    public int[] rows(IntPredicate keep) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (keep.test(i)) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The same rows with other features (e.g. one synthesis parameter). */
    public LabelledFeatures withFeatures(double[][] other) {
        return new LabelledFeatures(other, emotion, session, language, speaker);
    }
}
