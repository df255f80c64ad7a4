package org.ser4j.weights;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ser4j-model.json} (docs/contracts.md §5): format version, label order, heads present, sample rate, waveform
 * normalisation, and where the weights came from ({@code sourceFile}, its SHA-256 and format). Labels are distinct
 * (an {@link IllegalArgumentException} otherwise).
 */
public record ModelInfo(int formatVersion, List<String> labels, List<String> heads, int sampleRate,
                        boolean doNormalize, String sourceFile, String sourceSha256, String sourceFormat) {
    public static final int FORMAT_VERSION = 1;

    public ModelInfo {
        labels = labels == null ? List.of() : List.copyOf(labels);
        heads = heads == null ? List.of() : List.copyOf(heads);
        // a label listed twice makes the class index of a prediction ambiguous
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            if (!seen.add(label)) {
                throw new IllegalArgumentException("label '" + label + "' appears twice in labels " + labels);
            }
        }
    }

    /** An encoder-only model converted from a checkpoint. */
    public static ModelInfo encoderOnly(int sampleRate, boolean doNormalize, String sourceFile, String sha256,
                                        String format) {
        return new ModelInfo(FORMAT_VERSION, List.of(), List.of(), sampleRate, doNormalize, sourceFile, sha256, format);
    }
}
