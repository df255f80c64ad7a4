package org.ser4j.infer;

import java.util.List;

import org.ser4j.nn.heads.UtterancePooling;

/**
 * What an exported model says about itself, gathered from {@code ser4j-model.json}, {@code preprocessor_config.json}
 * and the tensors (see {@link ExportedModel#load}).
 *
 * @param formatVersion {@code format_version} of {@code ser4j-model.json}
 * @param labels        emotion labels in class-index order (the order of every probability vector)
 * @param domains       domain labels of the domain head in class-index order; empty when there is no domain head
 * @param sampleRate    the rate the encoder expects (16 kHz for HuBERT); inputs are resampled to it
 * @param doNormalize   zero-mean / unit-variance normalisation of each input (docs/contracts.md §1)
 * @param layerWeights  the heads read a learned softmax-weighted sum of all hidden states (else the last one)
 * @param headWidth     width of the heads' projection layer
 * @param pooling       how the heads' input is pooled over frames ({@code pooling} of {@code ser4j-model.json};
 *                      mean when absent)
 */
public record ModelMetadata(int formatVersion, List<String> labels, List<String> domains, int sampleRate,
                            boolean doNormalize, boolean layerWeights, int headWidth, UtterancePooling pooling) {
    public ModelMetadata {
        pooling = pooling == null ? UtterancePooling.MEAN : pooling;
        labels = List.copyOf(labels);
        domains = List.copyOf(domains);
        if (labels.size() < 2) {
            throw new IllegalArgumentException("need at least two emotion labels, got " + labels);
        }
        // a name listed twice makes a class index ambiguous
        if (new java.util.HashSet<>(labels).size() != labels.size()) {
            throw new IllegalArgumentException("field 'labels' names a label twice: " + labels);
        }
        if (new java.util.HashSet<>(domains).size() != domains.size()) {
            throw new IllegalArgumentException("field 'domains' names a domain twice: " + domains);
        }
    }

    public boolean hasDomainHead() {
        return !domains.isEmpty();
    }
}
