package org.ser4j.train;

/**
 * {@code trainer.json} of a checkpoint: everything besides weights and optimizer moments that exact resume needs.
 * Random draws (data order, crops, dropout masks) are pure functions of (seed, position), so the generator
 * "state" is the seed plus the data-order position.
 *
 * @param stage      {@code train}, or {@code step1}/{@code step2} in fake-domain training
 * @param step       optimizer steps done
 * @param position   micro-batches consumed
 * @param adamSteps  AdamW's bias-correction counter
 * @param seed       seed of this fold run (data order, crops, masks)
 * @param totalSteps schedule length
 * @param bestStep   step selected so far (null = none yet)
 * @param bestScore  its selection UAR
 * @param running    training figures accumulated since the last evaluation (so the next {@code train} line of
 *                   metrics.jsonl is the same after a resume)
 * @param configSha256 SHA-256 of the run's {@link org.ser4j.config.ResultConfig} (null = the trainer was given no
 *                   config: a standalone run; a checkpoint without it is not resumed under a config)
 */
public record TrainerState(String stage, int step, long position, long adamSteps, long seed, int totalSteps,
                           Integer bestStep, Double bestScore, RunningTrainMetrics running, String configSha256) {
}
