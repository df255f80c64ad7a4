package org.ser4j.data.datavec;

/**
 * How utterances become batches.
 *
 * @param batchSize      utterances per batch (the last batch may be smaller)
 * @param maxSamples     training crop length at 16 kHz (0 = no crop); ignored in evaluation, which uses full length
 * @param training       training mode: shuffled bucketed order and random crops, both fixed by (seed, epoch)
 * @param seed           root seed for order and crops
 * @param normalize      per-utterance zero-mean/unit-variance over the valid (cropped) samples, padding stays 0
 * @param sortByLength   group utterances of similar length to limit padding (bucketing)
 * @param bucketBatches  in training, sort by length within windows of this many batches of the shuffled order,
 *                       then shuffle the batches: less padding with most of the randomness kept
 * @param prefetch       batches prepared ahead by background workers (0 = build batches on the caller's thread)
 * @param workers        background threads that build batches
 * @param frameKernels   if not null, a frame-level mask [B, F] for this conv stack is added as features[2]
 * @param frameStrides   strides matching {@code frameKernels}
 */
public record BatchConfig(int batchSize, int maxSamples, boolean training, long seed, boolean normalize,
                          boolean sortByLength, int bucketBatches, int prefetch, int workers, int[] frameKernels,
                          int[] frameStrides) {
    public BatchConfig {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (maxSamples < 0 || bucketBatches < 1 || prefetch < 0 || workers < 1) {
            throw new IllegalArgumentException("maxSamples >= 0, bucketBatches >= 1, prefetch >= 0, workers >= 1");
        }
        if ((frameKernels == null) != (frameStrides == null)
                || frameKernels != null && frameKernels.length != frameStrides.length) {
            throw new IllegalArgumentException("frame kernels and strides must both be given, with equal lengths");
        }
    }

    /** Training defaults: crop to {@code maxSeconds}, normalise, bucket over 50 batches, 4 batches ahead on 2 workers. */
    public static BatchConfig training(int batchSize, double maxSeconds, long seed) {
        return new BatchConfig(batchSize, (int) Math.round(maxSeconds * 16_000), true, seed, true, true, 50, 4, 2,
                FrameLengths.HUBERT_KERNELS, FrameLengths.HUBERT_STRIDES);
    }

    /** Evaluation defaults: full length, sorted by length, normalised. */
    public static BatchConfig evaluation(int batchSize) {
        return new BatchConfig(batchSize, 0, false, 0L, true, true, 1, 4, 2, FrameLengths.HUBERT_KERNELS,
                FrameLengths.HUBERT_STRIDES);
    }

    public BatchConfig withNormalize(boolean on) {
        return new BatchConfig(batchSize, maxSamples, training, seed, on, sortByLength, bucketBatches, prefetch,
                workers, frameKernels, frameStrides);
    }

    public BatchConfig withPrefetch(int batchesAhead, int threads) {
        return new BatchConfig(batchSize, maxSamples, training, seed, normalize, sortByLength, bucketBatches,
                batchesAhead, threads, frameKernels, frameStrides);
    }

    public BatchConfig withoutFrameMask() {
        return new BatchConfig(batchSize, maxSamples, training, seed, normalize, sortByLength, bucketBatches, prefetch,
                workers, null, null);
    }
}
