package org.ser4j.config;

/**
 * The network: encoder + heads.
 *
 * @param encoder              {@code hubert-large}, {@code hubert-base}, {@code tiny} (a small HuBERT-shaped
 *                             config for demo runs) or a path to an HF {@code config.json}
 * @param weights              model directory with pretrained encoder weights (docs/contracts.md §5); null = random init
 * @param layerWeights         learned softmax-weighted sum of all hidden states instead of the last one (turns
 *                             LayerDrop off)
 * @param freezeFeatureEncoder keep the CNN feature encoder fixed (the usual fine-tuning recipe; default true)
 * @param headWidth            width of the projection in both classifier heads (default 256, as the paper)
 * @param convFeatureCache     compute the frozen CNN's output once per utterance and train the rest of the model on
 *                             it (crops in frames; needs {@code freeze_feature_encoder}; default false). Exact for
 *                             whole-utterance evaluation; see {@code ConvFeatureCache} for crops.
 * @param standardizePooled    standardise the pooled FE output with fixed training-set statistics before the heads
 *                             (not in the paper; helps small, weakly pre-trained encoders; default false)
 * @param pooledStatistics     with {@code standardize_pooled}: {@code fixed} (default; measured on 256 training crops
 *                             before step 1) or {@code batch} (each training step standardises with its batch's
 *                             statistics, evaluation and export use running averages; see PooledStandardization)
 * @param encoderRegularization apply the encoder's stochastic regularisation in training: dropout, attention dropout,
 *                             LayerDrop and SpecAugment masks at the rates of its {@code config.json} (default true,
 *                             the usual fine-tuning recipe). false runs the encoder in training exactly as in
 *                             evaluation; see {@code HubertEncoderFactory} for why the demo's tiny encoder needs it.
 * @param pooling              {@code mean} (default, the paper's average pooling) or {@code mean_std} (mean and
 *                             standard deviation over the frames; see {@code UtterancePooling})
 */
public record ModelConfig(String encoder, String weights, boolean layerWeights, Boolean freezeFeatureEncoder,
                          int headWidth, boolean convFeatureCache, boolean standardizePooled,
                          String pooledStatistics, Boolean encoderRegularization, String pooling) {
    public ModelConfig {
        pooling = pooling == null ? "mean" : pooling;
        // The spellings of nn.heads.UtterancePooling, which this level cannot name.
        if (!pooling.equals("mean") && !pooling.equals("mean_std")) {
            throw new IllegalArgumentException("model.pooling: expected mean or mean_std, got '" + pooling + "'");
        }
        pooledStatistics = pooledStatistics == null ? "fixed" : pooledStatistics;
        if (!pooledStatistics.equals("fixed") && !pooledStatistics.equals("batch")) {
            throw new IllegalArgumentException("model.pooled_statistics: expected fixed or batch, got '"
                    + pooledStatistics + "'");
        }
        if (pooledStatistics.equals("batch") && !standardizePooled) {
            throw new IllegalArgumentException("model.pooled_statistics: batch needs model.standardize_pooled: true");
        }
        encoderRegularization = encoderRegularization == null ? Boolean.TRUE : encoderRegularization;
        if (encoder == null || encoder.isBlank()) {
            throw new IllegalArgumentException("model.encoder: required (hubert-large, hubert-base, tiny or a config.json path)");
        }
        freezeFeatureEncoder = freezeFeatureEncoder == null ? Boolean.TRUE : freezeFeatureEncoder;
        headWidth = headWidth == 0 ? 256 : headWidth;
        if (headWidth < 1) {
            throw new IllegalArgumentException("model.head_width: must be >= 1, got " + headWidth);
        }
        if (convFeatureCache && !freezeFeatureEncoder) {
            throw new IllegalArgumentException("model.conv_feature_cache: needs model.freeze_feature_encoder: true "
                    + "(a CNN that trains changes its features every step)");
        }
    }
}
