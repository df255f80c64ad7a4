package org.ser4j.train;

import java.util.List;

/**
 * The shape of the multitask model on top of the encoder.
 *
 * @param emotions     emotion label order (class index order)
 * @param domains      domain label order
 * @param headWidth    projection width of both heads (paper: 256)
 * @param layerWeights learned softmax-weighted sum of hidden states instead of the last one
 * @param gamma        0 vanilla (no domain classifier), +1 MTL / fake-domain, -1 DANN (gradient reversal)
 * @param seed         seed of the head initialisation
 */
public record ModelSpec(List<String> emotions, List<String> domains, int headWidth, boolean layerWeights, int gamma,
                        long seed) {
    public ModelSpec {
        emotions = List.copyOf(emotions);
        domains = List.copyOf(domains);
        if (gamma < -1 || gamma > 1) {
            throw new IllegalArgumentException("gamma must be -1, 0 or 1, got " + gamma);
        }
    }

    public boolean hasDomainHead() {
        return gamma != 0;
    }
}
