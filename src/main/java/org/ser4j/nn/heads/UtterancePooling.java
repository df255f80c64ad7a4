package org.ser4j.nn.heads;

import java.util.Locale;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * How the FE turns frame-level hidden states into one utterance vector ({@code model.pooling}).
 *
 * <ul>
 *   <li>{@link #MEAN}: the paper's average pooling over the valid frames ({@link MaskedMeanPooling}), width H.</li>
 *   <li>{@link #MEAN_STD}: statistics pooling, the masked mean followed by the masked standard deviation
 *       ({@link MaskedStatisticsPooling}), width 2H. Not in the paper; a 64-wide encoder has far fewer dimensions
 *       than HuBERT-large's 1024, and the spread of its frames over time carries cues (loudness and pitch range) that
 *       the mean alone averages away (linear probe on the demo corpus, `docs/results.md`).</li>
 * </ul>
 */
public enum UtterancePooling {
    MEAN,
    MEAN_STD;

    /** Width of the pooled vector for hidden states of width {@code hidden}. */
    public int width(int hidden) {
        return this == MEAN ? hidden : 2 * hidden;
    }

    /**
     * @param hidden    [B, T, H] hidden states
     * @param frameMask [B, T], 1 for valid frames
     * @return [B, width(H)]
     */
    public SDVariable pool(SDVariable hidden, SDVariable frameMask) {
        return this == MEAN ? MaskedMeanPooling.pool(hidden, frameMask) : MaskedStatisticsPooling.pool(hidden, frameMask);
    }

    /** The name used in YAML configs and in {@code ser4j-model.json}: {@code mean} or {@code mean_std}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #configName()}; null means the paper's {@link #MEAN}. */
    public static UtterancePooling parse(String name, String field) {
        if (name == null) {
            return MEAN;
        }
        for (UtterancePooling p : values()) {
            if (p.configName().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(field + ": expected mean or mean_std, got '" + name + "'");
    }

    /** The pooling whose output is {@code width} wide over hidden states of width {@code hidden}, or null if none. */
    public static UtterancePooling ofWidth(int width, int hidden) {
        for (UtterancePooling p : values()) {
            if (p.width(hidden) == width) {
                return p;
            }
        }
        return null;
    }

    /**
     * The pooling a model's heads were trained on, read off their input width; a width that fits neither is bad
     * input naming {@code where} (the model and tensor).
     */
    public static UtterancePooling ofHeadInput(long width, int hidden, String where) {
        UtterancePooling p = ofWidth((int) width, hidden);
        if (p == null) {
            throw new org.ser4j.util.BadInputException(where + " reads " + width + " inputs, but hidden size "
                    + hidden + " pools to " + hidden + " (mean) or " + 2 * hidden + " (mean_std)");
        }
        return p;
    }
}
