package org.ser4j.pretrain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.nn.hubert.TrainingMasks;

/**
 * The masked-prediction model of HuBERT pre-training: the encoder ({@link HubertGraph} in TRAINING mode, whose
 * SpecAugment time mask replaces the masked frames by {@code masked_spec_embed}), a projection of the last hidden
 * state, and cosine-similarity logits against one learned embedding per cluster, divided by a temperature
 * (fairseq's {@code final_proj} / {@code label_embs_concat}, logit temperature 0.1).
 *
 * <p>Loss = mean cross-entropy over the masked frames + {@code unmaskedWeight} x mean cross-entropy over the
 * unmasked valid frames. Frames are rows N = B*T in batch-major order. Placeholders besides the encoder's:
 * {@value #TARGETS} one-hot [N, K], {@value #MASKED_WEIGHTS} and {@value #UNMASKED_WEIGHTS} [N] (1 on the frames that
 * count, 0 elsewhere, so padding never counts); output {@value #LOGITS} [N, K].
 */
public final class PretrainModel {
    public static final String TARGETS = "pretrain.targets";
    public static final String MASKED_WEIGHTS = "pretrain.masked_weights";
    public static final String UNMASKED_WEIGHTS = "pretrain.unmasked_weights";
    public static final String LOGITS = "pretrain.logits";
    /** Regression objective: the predicted frame targets [N, D]. */
    public static final String PREDICTIONS = "pretrain.predictions";
    /** The per-frame output the trainer scores: {@value #LOGITS} or {@value #PREDICTIONS}, under one name. */
    public static final String OUTPUT = "pretrain.output";
    public static final String LOSS_MASKED = "pretrain.loss_masked";
    public static final String LOSS = "pretrain.loss";
    /** Prefix of the variables that exist only for pre-training (not exported with the encoder). */
    public static final String HEAD_PREFIX = "pretrain.";
    static final String PROJ_WEIGHT = "pretrain.final_proj.weight";
    static final String PROJ_BIAS = "pretrain.final_proj.bias";
    static final String CLUSTER_EMBEDDINGS = "pretrain.label_embeddings";

    private final SameDiff sd;
    private final HubertGraph encoder;
    private final int clusters;
    private final int regressionDims;

    private PretrainModel(SameDiff sd, HubertGraph encoder, int clusters, int regressionDims) {
        this.sd = sd;
        this.encoder = encoder;
        this.clusters = clusters;
        this.regressionDims = regressionDims;
    }

    /**
     * @param config      encoder config; its {@code mask_time_prob}/{@code mask_time_length} drive the masking and
     *                    must be positive (dropout rates may be zero)
     * @param clusters    K, the number of k-means targets
     * @param projDim     width of the projection and of the cluster embeddings
     * @param temperature cosine logits are divided by it (0.1 in HuBERT)
     * @param unmaskedWeight weight of the unmasked frames' loss (0 = HuBERT's default alpha = 1 on masked only)
     * @param seed        initial weights (encoder, projection, embeddings)
     */
    public static PretrainModel build(HubertConfig config, int clusters, int projDim, double temperature,
                                      double unmaskedWeight, long seed) {
        return build(config, clusters, projDim, temperature, unmaskedWeight, seed, HubertGraph.Entry.WAVEFORM);
    }

    /**
     * As {@link #build(HubertConfig, int, int, double, double, long)}, starting at {@code entry}: with {@link
     * HubertGraph.Entry#CONV_FEATURES} the graph takes cached CNN features (the CNN's variables exist, unused, so
     * weights copy and export by the same names).
     */
    public static PretrainModel build(HubertConfig config, int clusters, int projDim, double temperature,
                                      double unmaskedWeight, long seed, HubertGraph.Entry entry) {
        SameDiff sd = SameDiff.create();
        HubertGraph g = encoder(sd, config, seed, entry);
        int h = config.hiddenSize();
        SDVariable w = sd.var(PROJ_WEIGHT, Nd4j.randn(seed ^ 0x1L, new long[] {projDim, h}).castTo(DataType.FLOAT)
                .muli(Math.sqrt(1.0 / h)));
        SDVariable b = sd.var(PROJ_BIAS, Nd4j.zeros(DataType.FLOAT, projDim));
        SDVariable emb = sd.var(CLUSTER_EMBEDDINGS, Nd4j.randn(seed ^ 0x2L, new long[] {clusters, projDim})
                .castTo(DataType.FLOAT));

        // Frames are flattened to rows [N = B*T, H] first: plain 2-D matmuls, whose gradients SameDiff M2.1 handles
        // whatever static shape it inferred for the encoder output.
        SDVariable rows = g.lastHiddenState().reshape(-1, h);
        SDVariable proj = sd.mmul(rows, w, false, true, false).add(b); // [N, D]
        SDVariable projUnit = proj.div(sd.math.sqrt(proj.mul(proj).sum(true, 1).add(1e-8)));
        SDVariable embUnit = emb.div(sd.math.sqrt(emb.mul(emb).sum(true, 1).add(1e-8)));
        SDVariable logits = sd.identity(LOGITS, sd.mmul(projUnit, embUnit, false, true, false).div(temperature)); // [N, K]
        sd.identity(OUTPUT, logits);

        SDVariable targets = sd.placeHolder(TARGETS, DataType.FLOAT, -1, clusters);
        // log-softmax by hand: SameDiff M2.1's logSoftmax(x, dim) cannot be cloned for the gradient graph. Cosine
        // logits are bounded by 1/temperature, so exp() cannot overflow and no max-shift is needed.
        SDVariable logProbs = logits.sub(sd.math.log(sd.math.exp(logits).sum(true, 1)));
        frameWeightedLoss(sd, logProbs.mul(targets).sum(1).neg(), unmaskedWeight); // cross-entropy per frame
        return new PretrainModel(sd, g, clusters, 0);
    }

    /**
     * The multi-target regression model: a linear head on the last hidden state predicts {@code dims} real-valued
     * targets per frame ({@link FrameRegressionTargets}); loss = mean squared error per target over the masked frames
     * + {@code unmaskedWeight} x the same over the unmasked valid frames. Same placeholders as the cluster model,
     * with {@value #TARGETS} holding the target values [N, D].
     */
    public static PretrainModel buildRegression(HubertConfig config, int dims, double unmaskedWeight, long seed,
                                                HubertGraph.Entry entry) {
        SameDiff sd = SameDiff.create();
        HubertGraph g = encoder(sd, config, seed, entry);
        int h = config.hiddenSize();
        SDVariable w = sd.var(PROJ_WEIGHT, Nd4j.randn(seed ^ 0x1L, new long[] {dims, h}).castTo(DataType.FLOAT)
                .muli(Math.sqrt(1.0 / h)));
        SDVariable b = sd.var(PROJ_BIAS, Nd4j.zeros(DataType.FLOAT, dims));
        SDVariable rows = g.lastHiddenState().reshape(-1, h);
        SDVariable pred = sd.identity(PREDICTIONS, sd.mmul(rows, w, false, true, false).add(b)); // [N, D]
        sd.identity(OUTPUT, pred);
        SDVariable targets = sd.placeHolder(TARGETS, DataType.FLOAT, -1, dims);
        SDVariable err = pred.sub(targets);
        frameWeightedLoss(sd, err.mul(err).mean(1), unmaskedWeight); // mean squared error per frame
        return new PretrainModel(sd, g, 0, dims);
    }

    /**
     * {@value #LOSS} = the mean of {@code perFrame} [N] over the masked frames + {@code unmaskedWeight} x its mean over
     * the unmasked valid frames (weights from the {@value #MASKED_WEIGHTS} / {@value #UNMASKED_WEIGHTS} placeholders);
     * {@value #LOSS_MASKED} is the first term.
     */
    private static void frameWeightedLoss(SameDiff sd, SDVariable perFrame, double unmaskedWeight) {
        SDVariable masked = sd.placeHolder(MASKED_WEIGHTS, DataType.FLOAT, -1);
        SDVariable unmasked = sd.placeHolder(UNMASKED_WEIGHTS, DataType.FLOAT, -1);
        SDVariable lossMasked = sd.identity(LOSS_MASKED, perFrame.mul(masked).sum().div(masked.sum().add(1e-6)));
        SDVariable lossUnmasked = perFrame.mul(unmasked).sum().div(unmasked.sum().add(1e-6));
        sd.math.add(LOSS, lossMasked, lossUnmasked.mul(unmaskedWeight));
        sd.setLossVariables(LOSS);
    }

    /** The encoder in TRAINING mode, its {@code masked_spec_embed} drawn from {@code seed}. */
    private static HubertGraph encoder(SameDiff sd, HubertConfig config, long seed, HubertGraph.Entry entry) {
        if (!config.applySpecAugment() || config.maskTimeProb() <= 0) {
            throw new IllegalArgumentException("pre-training needs apply_spec_augment and mask_time_prob > 0");
        }
        HubertGraph g = HubertGraph.build(sd, config, HubertGraph.Mode.TRAINING, seed, entry);
        // HubertGraph draws masked_spec_embed from ND4J's global generator; redraw it from our seed (reproducibility).
        java.util.Random embedRng = new java.util.Random(seed ^ 0x5EEDL);
        float[] embed = new float[config.hiddenSize()];
        for (int i = 0; i < embed.length; i++) {
            embed[i] = embedRng.nextFloat(); // U(0, 1), as HF's uniform_() init
        }
        sd.getVariable("masked_spec_embed").getArr().assign(Nd4j.createFromArray(embed));
        return g;
    }

    /** True for the multi-target regression objective, false for masked cluster prediction. */
    public boolean regression() {
        return regressionDims > 0;
    }

    /** Width of {@value #OUTPUT}: K clusters or D regression targets. */
    public int outputWidth() {
        return regression() ? regressionDims : clusters;
    }

    /** Name of the trainer's per-step score in metrics and progress. */
    public String scoreName() {
        return regression() ? "masked_r2" : "masked_accuracy";
    }

    public SameDiff sameDiff() {
        return sd;
    }

    public HubertGraph encoder() {
        return encoder;
    }

    public int clusters() {
        return clusters;
    }

    /** Every trainable variable, in graph order (encoder in HF order first, then the pre-training head). */
    public List<String> variables() {
        List<String> out = new ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                out.add(v.name());
            }
        }
        return out;
    }

    /** Name -> live parameter array (updated in place by the optimiser). */
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String n : variables()) {
            out.put(n, sd.getVariable(n).getArr());
        }
        return out;
    }

    /** The encoder's tensors only (HF names), as exported in the model directory. */
    public Map<String, INDArray> encoderTensors() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (SDVariable v : encoder.parameters()) {
            out.put(v.name(), v.getArr());
        }
        return out;
    }

    /** The time-mask placeholder name of the encoder (1 = frame replaced by masked_spec_embed). */
    public static String timeMaskName() {
        return TrainingMasks.SPEC_TIME;
    }
}
