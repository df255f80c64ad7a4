package org.ser4j.train;

import java.util.List;

import org.ser4j.nn.heads.UtterancePooling;

/**
 * The shape of the multitask model on top of the encoder.
 *
 * @param emotions     emotion label order (class index order)
 * @param domains      domain label order
 * @param headWidth    projection width of both heads (paper: 256)
 * @param layerWeights learned softmax-weighted sum of hidden states instead of the last one
 * @param gamma        0 vanilla (no domain classifier), +1 MTL / fake-domain, -1 DANN (gradient reversal)
 * @param seed         seed of the head initialisation
 * @param standardizePooled standardise the pooled FE output with fixed training-set statistics before the heads
 *                          ({@code PooledStandardization}; not in the paper)
 * @param batchStatistics   with {@code standardizePooled}: standardise with the batch's statistics in training and
 *                          keep the statistics as running averages for evaluation ({@code model.pooled_statistics:
 *                          batch}); false keeps the statistics measured before step 1 fixed
 * @param pooling      frames to utterance vector: the paper's mean, or mean and standard deviation ({@code
 *                     model.pooling})
 */
public record ModelSpec(List<String> emotions, List<String> domains, int headWidth, boolean layerWeights, int gamma,
                        long seed, boolean standardizePooled, boolean batchStatistics, UtterancePooling pooling) {
    /** Mean pooling. */
    public ModelSpec(List<String> emotions, List<String> domains, int headWidth, boolean layerWeights, int gamma,
                     long seed, boolean standardizePooled, boolean batchStatistics) {
        this(emotions, domains, headWidth, layerWeights, gamma, seed, standardizePooled, batchStatistics,
                UtterancePooling.MEAN);
    }

    /** Fixed statistics when standardised. */
    public ModelSpec(List<String> emotions, List<String> domains, int headWidth, boolean layerWeights, int gamma,
                     long seed, boolean standardizePooled) {
        this(emotions, domains, headWidth, layerWeights, gamma, seed, standardizePooled, false);
    }

    /** The paper's model: no standardisation of the pooled output. */
    public ModelSpec(List<String> emotions, List<String> domains, int headWidth, boolean layerWeights, int gamma,
                     long seed) {
        this(emotions, domains, headWidth, layerWeights, gamma, seed, false, false);
    }

    public ModelSpec {
        emotions = List.copyOf(emotions);
        domains = List.copyOf(domains);
        pooling = pooling == null ? UtterancePooling.MEAN : pooling;
        if (gamma < -1 || gamma > 1) {
            throw new IllegalArgumentException("gamma must be -1, 0 or 1, got " + gamma);
        }
        if (batchStatistics && !standardizePooled) {
            throw new IllegalArgumentException("batch statistics need the pooled standardisation");
        }
    }

    public boolean hasDomainHead() {
        return gamma != 0;
    }

    /** The spec an experiment's {@code data} and {@code model} sections ask for. */
    public static ModelSpec of(org.ser4j.config.DataConfig data, org.ser4j.config.ModelConfig model, int gamma,
                               long seed) {
        return new ModelSpec(data.labels(), data.domains(), model.headWidth(), model.layerWeights(), gamma, seed,
                model.standardizePooled(), model.pooledStatistics().equals("batch"), UtterancePooling.parse(model.pooling(), "model.pooling"));
    }
}
