package org.ser4j.train;

import java.util.Set;

import org.ser4j.config.GrlConfig;
import org.ser4j.config.Selection;

/**
 * Everything the loop of one training stage needs, derived from the experiment config and the mode.
 *
 * @param stage           {@code train}, {@code step1} or {@code step2}
 * @param frozen          variables that are not updated (CNN feature encoder; the DC in fake-domain step 2)
 * @param fakeDomain      domain index every utterance is labelled with (fake-domain step 2), or null
 * @param maxTrainSamples crop length of training utterances
 * @param maxEvalSamples  crop length at evaluation (0 = whole utterances)
 * @param normalize       per-utterance waveform normalisation (the encoder's preprocessor config)
 * @param headWarmupSteps full-batch steps of {@link HeadWarmup} before step 1 of a fresh stage (0 = none)
 * @param headWarmupLr    its learning rate
 * @param headWarmupDomain whether it trains the DC as well as the EC
 */
public record TrainSettings(String stage, int steps, int batchSize, int gradAccum, double lrEncoder, double lrHeads,
                            double warmupRatio, double weightDecay, double clipNorm, int evalEvery,
                            int checkpointEvery, Selection selection, GrlConfig grl, int maxTrainSamples,
                            int maxEvalSamples, int evalBatchSize, Set<String> frozen, Integer fakeDomain, long seed,
                            boolean normalize, int headWarmupSteps, double headWarmupLr,
                            boolean headWarmupDomain) {
    /** Without head warm-up. */
    public TrainSettings(String stage, int steps, int batchSize, int gradAccum, double lrEncoder, double lrHeads,
                         double warmupRatio, double weightDecay, double clipNorm, int evalEvery,
                         int checkpointEvery, Selection selection, GrlConfig grl, int maxTrainSamples,
                         int maxEvalSamples, int evalBatchSize, Set<String> frozen, Integer fakeDomain, long seed,
                         boolean normalize) {
        this(stage, steps, batchSize, gradAccum, lrEncoder, lrHeads, warmupRatio, weightDecay, clipNorm, evalEvery,
                checkpointEvery, selection, grl, maxTrainSamples, maxEvalSamples, evalBatchSize, frozen, fakeDomain,
                seed, normalize, 0, 1e-2, true);
    }

    public TrainSettings {
        frozen = Set.copyOf(frozen);
    }
}
