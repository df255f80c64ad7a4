package org.ser4j.config;

/**
 * The optimisation schedule of one fold.
 *
 * @param steps           optimizer steps per fold
 * @param batchSize       utterances per micro-batch
 * @param gradAccum       micro-batches per optimizer step
 * @param lrEncoder       peak learning rate of the encoder (feature extractor) parameters
 * @param lrHeads         peak learning rate of the heads (and layer weights)
 * @param warmupRatio     fraction of the steps with a linear warm-up from 0; linear decay to 0 after it
 * @param weightDecay     AdamW decoupled weight decay (not applied to 1-D tensors: biases, norms, layer weights)
 * @param clipNorm        clip gradients to this global L2 norm (0 = off)
 * @param evalEvery       evaluate every N steps (paper: 100)
 * @param checkpointEvery checkpoint every M steps (0 = only at the end)
 * @param selection       {@code test} (paper: best step by test UAR, optimistic) or {@code dev}
 * @param grl             gradient-reversal settings for DANN
 * @param fakeSteps       steps of fake-domain step 2 (null = {@code steps})
 * @param step1System     fake-domain step 1: system folder of the MTL system to reuse (null = the experiment's own
 *                        {@code mtl} system), whose fold of the same trial must be finished under a config that agrees
 *                        in every key that can change step 1 (otherwise refused); {@code in-fold} = train step 1
 *                        inside each fake-domain fold instead
 * @param embeddings      write pooled FE outputs of train/dev/test at the selected step
 * @param evalBatchSize   utterances per evaluation batch
 * @param progress        show a progress bar on stderr (default true)
 * @param headWarmupSteps steps of head warm-up before fine-tuning (0 = none, the paper's recipe): the heads are first
 *                        trained alone, full batch, on the initial encoder's pooled outputs of the training
 *                        utterances ({@code org.ser4j.train.HeadWarmup})
 * @param headWarmupLr    learning rate of the head warm-up (default 1e-2; linear decay to 0)
 * @param headWarmupDomain whether the warm-up trains the DC too (default true); false leaves the DC at its
 *                        initialisation, so that it is still learning, and its loss still has gradients for the FE,
 *                        when fine-tuning starts
 */
public record TrainConfig(int steps, int batchSize, int gradAccum, double lrEncoder, double lrHeads,
                          double warmupRatio, double weightDecay, double clipNorm, int evalEvery, int checkpointEvery,
                          Selection selection, GrlConfig grl, Integer fakeSteps, String step1System, boolean embeddings,
                          int evalBatchSize, Boolean progress, int headWarmupSteps, Double headWarmupLr,
                          Boolean headWarmupDomain) {
    public TrainConfig {
        require(headWarmupSteps >= 0, "train.head_warmup_steps", "must be >= 0", headWarmupSteps);
        headWarmupLr = headWarmupLr == null ? 1e-2 : headWarmupLr;
        headWarmupDomain = headWarmupDomain == null ? Boolean.TRUE : headWarmupDomain;
        require(headWarmupLr > 0 && Double.isFinite(headWarmupLr), "train.head_warmup_lr", "must be > 0",
                headWarmupLr);
        require(steps >= 1, "train.steps", "must be >= 1", steps);
        require(batchSize >= 1, "train.batch_size", "must be >= 1", batchSize);
        require(gradAccum >= 1, "train.grad_accum", "must be >= 1", gradAccum);
        require(lrEncoder >= 0, "train.lr_encoder", "must be >= 0", lrEncoder);
        require(lrHeads >= 0, "train.lr_heads", "must be >= 0", lrHeads);
        require(warmupRatio >= 0 && warmupRatio < 1, "train.warmup_ratio", "must be in [0, 1)", warmupRatio);
        require(weightDecay >= 0, "train.weight_decay", "must be >= 0", weightDecay);
        require(clipNorm >= 0, "train.clip_norm", "must be >= 0", clipNorm);
        require(evalEvery >= 1, "train.eval_every", "must be >= 1", evalEvery);
        require(checkpointEvery >= 0, "train.checkpoint_every", "must be >= 0", checkpointEvery);
        selection = selection == null ? Selection.TEST : selection;
        grl = grl == null ? GrlConfig.defaults() : grl;
        require(fakeSteps == null || fakeSteps >= 1, "train.fake_steps", "must be >= 1", fakeSteps);
        evalBatchSize = evalBatchSize < 1 ? batchSize : evalBatchSize;
        progress = progress == null ? Boolean.TRUE : progress;
    }

    private static void require(boolean ok, String key, String what, Object got) {
        if (!ok) {
            throw new IllegalArgumentException(key + ": " + what + ", got " + got);
        }
    }

    /** Steps of the fake-domain second stage. */
    public int fakeStepsOrDefault() {
        return fakeSteps == null ? steps : fakeSteps;
    }
}
