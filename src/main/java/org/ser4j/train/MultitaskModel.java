package org.ser4j.train;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.ser4j.nn.heads.EmotionModelHeads;
import org.ser4j.nn.heads.GradientReversal;

/**
 * The paper's model (Fig. 1) for training: the encoder with the blocks of {@link EmotionModelHeads} on top (masked
 * pooling, optional standardisation, emotion classifier EC and, unless vanilla, domain classifier DC), plus the
 * losses {@code L = L_emo + |gamma| L_dom}; for DANN the DC input passes through {@link GradientReversal}.
 *
 * <p>Graph names (public API): placeholders {@value #EMOTION_LABEL}, {@value #DOMAIN_LABEL} (one-hot, float) plus
 * the encoder's; outputs {@value #FE_OUTPUT}, {@value #EMOTION_LOGITS}, {@value #DOMAIN_LOGITS}, {@value #LOSS_EMO},
 * {@value #LOSS_DOM}, {@value #LOSS}.
 */
public final class MultitaskModel {
    public static final String EMOTION_LABEL = "emotion_label";
    public static final String DOMAIN_LABEL = "domain_label";
    public static final String FE_OUTPUT = EmotionModelHeads.POOLED;
    public static final String EMOTION_LOGITS = EmotionModelHeads.EMOTION_LOGITS;
    public static final String DOMAIN_LOGITS = EmotionModelHeads.DOMAIN_LOGITS;
    public static final String LOSS_EMO = "loss_emo";
    public static final String LOSS_DOM = "loss_dom";
    public static final String LOSS = "loss";

    private final SameDiff sd;
    private final SpeechEncoder encoder;
    private final ModelSpec spec;
    private final EmotionModelHeads heads;
    private final String grlLambdaName;

    private MultitaskModel(SameDiff sd, SpeechEncoder encoder, ModelSpec spec, EmotionModelHeads heads,
                           String grlLambdaName) {
        this.sd = sd;
        this.encoder = encoder;
        this.spec = spec;
        this.heads = heads;
        this.grlLambdaName = grlLambdaName;
    }

    public static MultitaskModel build(EncoderFactory factory, ModelSpec spec) {
        SameDiff sd = SameDiff.create();
        SpeechEncoder enc = factory.build(sd, !spec.layerWeights());
        return assemble(sd, enc, spec);
    }

    /** Adds pooling, heads and losses on top of an encoder that is already in {@code sd}. */
    public static MultitaskModel assemble(SameDiff sd, SpeechEncoder enc, ModelSpec spec) {
        EmotionModelHeads heads = heads(spec, enc.hiddenSize(), enc.hiddenStates().size());
        Losses losses = new Losses(spec);
        heads.build(sd, enc.hiddenStates(), enc.frameMask(), spec.seed(), losses);
        losses.total(sd);
        return new MultitaskModel(sd, enc, spec, heads, losses.lambdaName);
    }

    /** The blocks of the model {@code spec} asks for, over an encoder of the given hidden size and states. */
    static EmotionModelHeads heads(ModelSpec spec, int hiddenSize, int hiddenStates) {
        return new EmotionModelHeads(hiddenSize, hiddenStates, spec.layerWeights(), spec.pooling(),
                spec.standardizePooled(), spec.headWidth(), spec.emotions().size(),
                spec.hasDomainHead() ? spec.domains().size() : 0);
    }

    /**
     * The part after the FE output: the model's heads with their losses, on {@code fe} [B, width]. The heads of the
     * full model and of {@link HeadWarmup}'s graph over cached FE outputs are built here, so they are the same graph.
     */
    void attachHeads(SameDiff target, SDVariable fe) {
        Losses losses = new Losses(spec);
        heads.buildOnPooled(target, fe, spec.seed(), losses);
        losses.total(target);
    }

    /**
     * What training adds to the model's blocks: the cross-entropy losses on the labels, gradient reversal in front of
     * the DC for DANN, batch statistics when asked for, and {@code L = L_emo + |gamma| L_dom}.
     */
    private static final class Losses implements EmotionModelHeads.TrainingHooks {
        private final ModelSpec spec;
        private SDVariable lossEmo;
        private SDVariable lossDom;
        private String lambdaName;

        Losses(ModelSpec spec) {
            this.spec = spec;
        }

        @Override
        public boolean batchStatistics() {
            return spec.batchStatistics();
        }

        @Override
        public void emotionLogits(SameDiff sd, SDVariable logits) {
            SDVariable label = sd.placeHolder(EMOTION_LABEL, DataType.FLOAT, -1, spec.emotions().size());
            lossEmo = sd.loss.softmaxCrossEntropy(LOSS_EMO, label, logits, null,
                    LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
        }

        @Override
        public SDVariable domainInput(SameDiff sd, SDVariable headInput) {
            if (spec.gamma() >= 0) {
                return headInput;
            }
            GradientReversal grl = GradientReversal.apply(sd, headInput, 1.0);
            lambdaName = grl.lambdaName();
            return grl.output();
        }

        @Override
        public void domainLogits(SameDiff sd, SDVariable logits) {
            SDVariable label = sd.placeHolder(DOMAIN_LABEL, DataType.FLOAT, -1, spec.domains().size());
            lossDom = sd.loss.softmaxCrossEntropy(LOSS_DOM, label, logits, null,
                    LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
        }

        void total(SameDiff sd) {
            if (lossDom != null) {
                // |gamma| = 1 for every mode with a DC; the sign lives in the gradient reversal.
                sd.math.add(LOSS, lossEmo, lossDom.mul(Math.abs(spec.gamma())));
            } else {
                sd.identity(LOSS, lossEmo);
            }
            sd.setLossVariables(LOSS);
        }
    }

    /** The model's blocks: pooling, standardisation and heads, with their parameters and output names. */
    public EmotionModelHeads heads() {
        return heads;
    }

    public SameDiff sameDiff() {
        return sd;
    }

    public SpeechEncoder encoder() {
        return encoder;
    }

    /** The CNN's live parameter arrays by name, in the encoder's order (what {@link ConvFeatureCache} is keyed by). */
    public java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> featureEncoderWeights() {
        java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> out = new java.util.LinkedHashMap<>();
        for (String n : encoder.featureEncoderVariables()) {
            out.put(n, sd.getVariable(n).getArr());
        }
        return out;
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Name of the gradient-reversal lambda constant, or null when the model has none (not DANN). */
    public String grlLambdaName() {
        return grlLambdaName;
    }

    public void setGrlLambda(double lambda) {
        if (grlLambdaName != null) {
            GradientReversal.setLambda(sd, grlLambdaName, lambda);
        }
    }

    /** Every trainable variable of the graph, in graph order. */
    public List<String> allVariables() {
        List<String> out = new ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                out.add(v.name());
            }
        }
        return out;
    }

    /** Variables that are never trained: the pooled-output statistics, when the model standardises it. */
    public Set<String> fixedVariables() {
        return new LinkedHashSet<>(heads.parameterNames(EmotionModelHeads.Kind.STANDARDIZATION));
    }

    /**
     * Variables the FE output depends on: every variable but the classifiers' and the standardisation statistics,
     * which come after it (the encoder's, and the layer weights when the model has them).
     */
    public List<String> featureExtractorVariables() {
        Set<String> after = new LinkedHashSet<>(heads.parameterNames(EmotionModelHeads.Kind.STANDARDIZATION,
                EmotionModelHeads.Kind.EMOTION_HEAD, EmotionModelHeads.Kind.DOMAIN_HEAD));
        List<String> out = new ArrayList<>();
        for (String n : allVariables()) {
            if (!after.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** Variables of the domain classifier. */
    public Set<String> domainHeadVariables() {
        Set<String> dc = new LinkedHashSet<>(heads.parameterNames(EmotionModelHeads.Kind.DOMAIN_HEAD));
        Set<String> out = new LinkedHashSet<>();
        for (String n : allVariables()) {
            if (dc.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** True for the heads' learning-rate group (heads and layer weights); false for the encoder group. */
    public static boolean isHeadVariable(String name) {
        return name.startsWith("heads.");
    }
}
