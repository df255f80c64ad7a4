package org.ser4j.fusion;

import java.util.Locale;

import org.ser4j.eval.Quantised;
import org.ser4j.util.BadInputException;

/**
 * How member systems' outputs are combined. Every rule maps each system's utterance to an integer score vector; the
 * fused prediction is the argmax of the sum over members with the lowest class index winning ties. Integer sums do
 * not depend on their order, which is what makes the fast search and the brute force agree bit for bit.
 */
public enum CombinationRule {
    /** The paper's late combination: the sum of logits (quantised to 1e-6). */
    SUM_LOGITS("sum"),
    /** Mean of softmax probabilities; each probability is quantised to 1e-9 before summing (same argmax as mean). */
    MEAN_SOFTMAX("softmax"),
    /** Majority vote of the members' predicted classes; a tie in votes goes to the lowest class index. */
    MAJORITY_VOTE("vote");

    /** Probability quantisation steps per unit for {@link #MEAN_SOFTMAX}. */
    static final double PROBABILITY_SCALE = 1e9;

    private final String cliName;

    CombinationRule(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static CombinationRule parse(String name) {
        for (CombinationRule r : values()) {
            if (r.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new BadInputException("combination rule must be sum, softmax or vote, got '" + name + "'");
    }

    /** Scores of one system, [utterance * c + class], from its quantised logits. */
    long[] scores(long[] quantisedLogits, int c) {
        int u = quantisedLogits.length / c;
        long[] out = new long[quantisedLogits.length];
        switch (this) {
            case SUM_LOGITS -> System.arraycopy(quantisedLogits, 0, out, 0, out.length);
            case MAJORITY_VOTE -> {
                for (int i = 0; i < u; i++) {
                    out[i * c + Quantised.argmax(quantisedLogits, i * c, c)] = 1;
                }
            }
            case MEAN_SOFTMAX -> {
                double[] e = new double[c];
                for (int i = 0; i < u; i++) {
                    long max = quantisedLogits[i * c + Quantised.argmax(quantisedLogits, i * c, c)];
                    double sum = 0;
                    for (int j = 0; j < c; j++) {
                        e[j] = Math.exp((quantisedLogits[i * c + j] - max) / Quantised.SCALE);
                        sum += e[j];
                    }
                    for (int j = 0; j < c; j++) {
                        out[i * c + j] = Math.round(e[j] / sum * PROBABILITY_SCALE);
                    }
                }
            }
            default -> throw new IllegalStateException(name());
        }
        return out;
    }
}
