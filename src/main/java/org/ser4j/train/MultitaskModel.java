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
import org.ser4j.nn.heads.ClassifierHead;
import org.ser4j.nn.heads.DomainHead;
import org.ser4j.nn.heads.EmotionHead;
import org.ser4j.nn.heads.GradientReversal;
import org.ser4j.nn.heads.LayerWeighting;
import org.ser4j.nn.heads.PooledStandardization;

/**
 * The paper's model (Fig. 1): feature extractor FE = encoder + masked pooling ({@link ModelSpec#pooling()}; the
 * paper's mean, optionally over a learned weighting of layers), emotion classifier EC, and, unless vanilla, a domain classifier DC. Loss
 * {@code L = L_emo + |gamma| L_dom}; for DANN the DC input passes through {@link GradientReversal}.
 *
 * <p>Graph names (public API): placeholders {@value #EMOTION_LABEL}, {@value #DOMAIN_LABEL} (one-hot, float) plus
 * the encoder's; outputs {@value #FE_OUTPUT}, {@value #EMOTION_LOGITS}, {@value #DOMAIN_LOGITS}, {@value #LOSS_EMO},
 * {@value #LOSS_DOM}, {@value #LOSS}.
 */
public final class MultitaskModel {
    public static final String EMOTION_LABEL = "emotion_label";
    public static final String DOMAIN_LABEL = "domain_label";
    public static final String FE_OUTPUT = "fe_output";
    public static final String EMOTION_LOGITS = "emotion_logits";
    public static final String DOMAIN_LOGITS = "domain_logits";
    public static final String LOSS_EMO = "loss_emo";
    public static final String LOSS_DOM = "loss_dom";
    public static final String LOSS = "loss";

    private final SameDiff sd;
    private final SpeechEncoder encoder;
    private final ModelSpec spec;
    private final String grlLambdaName;

    private MultitaskModel(SameDiff sd, SpeechEncoder encoder, ModelSpec spec, String grlLambdaName) {
        this.sd = sd;
        this.encoder = encoder;
        this.spec = spec;
        this.grlLambdaName = grlLambdaName;
    }

    public static MultitaskModel build(EncoderFactory factory, ModelSpec spec) {
        SameDiff sd = SameDiff.create();
        SpeechEncoder enc = factory.build(sd, !spec.layerWeights());
        return assemble(sd, enc, spec);
    }

    /** Adds pooling, heads and losses on top of an encoder that is already in {@code sd}. */
    public static MultitaskModel assemble(SameDiff sd, SpeechEncoder enc, ModelSpec spec) {
        SDVariable hidden = spec.layerWeights() ? LayerWeighting.weightedSum(sd, enc.hiddenStates())
                : enc.lastHiddenState();
        SDVariable pooled = spec.pooling().pool(hidden, enc.frameMask());
        SDVariable fe = sd.identity(FE_OUTPUT, pooled);
        String lambdaName = attachHeads(sd, fe, spec.pooling().width(enc.hiddenSize()), spec);
        return new MultitaskModel(sd, enc, spec, lambdaName);
    }

    /**
     * The part after the FE output: optional standardisation, EC, DC (through gradient reversal for DANN) and the
     * losses, on {@code fe} [B, width]. The heads of the full model and of {@link HeadWarmup}'s graph over cached FE
     * outputs are built here, so they are the same graph.
     *
     * @return the gradient-reversal lambda's name, or null without reversal
     */
    static String attachHeads(SameDiff sd, SDVariable fe, int h, ModelSpec spec) {
        SDVariable headInput = !spec.standardizePooled() ? fe
                : spec.batchStatistics() ? PooledStandardization.applyWithBatchStatistics(sd, fe, h)
                : PooledStandardization.apply(sd, fe, h);
        ClassifierHead ec = EmotionHead.build(sd, headInput, h, spec.headWidth(), spec.emotions().size(), spec.seed());
        SDVariable emoLogits = sd.identity(EMOTION_LOGITS, ec.logits());
        SDVariable emoLabel = sd.placeHolder(EMOTION_LABEL, DataType.FLOAT, -1, spec.emotions().size());
        SDVariable lossEmo = sd.loss.softmaxCrossEntropy(LOSS_EMO, emoLabel, emoLogits, null,
                LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
        String lambdaName = null;
        if (spec.hasDomainHead()) {
            SDVariable dcInput = headInput;
            if (spec.gamma() < 0) {
                GradientReversal grl = GradientReversal.apply(sd, headInput, 1.0);
                dcInput = grl.output();
                lambdaName = grl.lambdaName();
            }
            ClassifierHead dc = DomainHead.build(sd, dcInput, h, spec.headWidth(), spec.domains().size(),
                    spec.seed() ^ 0x5DEECE66DL);
            SDVariable domLogits = sd.identity(DOMAIN_LOGITS, dc.logits());
            SDVariable domLabel = sd.placeHolder(DOMAIN_LABEL, DataType.FLOAT, -1, spec.domains().size());
            SDVariable lossDom = sd.loss.softmaxCrossEntropy(LOSS_DOM, domLabel, domLogits, null,
                    LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
            // |gamma| = 1 for every mode with a DC; the sign lives in the gradient reversal.
            sd.math.add(LOSS, lossEmo, lossDom.mul(Math.abs(spec.gamma())));
        } else {
            sd.identity(LOSS, lossEmo);
        }
        sd.setLossVariables(LOSS);
        return lambdaName;
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
        Set<String> out = new LinkedHashSet<>();
        if (sd.hasVariable(PooledStandardization.MEAN)) {
            out.add(PooledStandardization.MEAN);
            out.add(PooledStandardization.STD);
        }
        return out;
    }

    /**
     * Variables the FE output depends on: every variable but the classifiers' and the standardisation statistics,
     * which come after it (the encoder's, and the layer weights when the model has them).
     */
    public List<String> featureExtractorVariables() {
        List<String> out = new ArrayList<>();
        for (String n : allVariables()) {
            if (!n.startsWith(EmotionHead.PREFIX + ".") && !n.startsWith(DomainHead.PREFIX + ".")
                    && !n.equals(PooledStandardization.MEAN) && !n.equals(PooledStandardization.STD)) {
                out.add(n);
            }
        }
        return out;
    }

    /** Variables of the domain classifier. */
    public Set<String> domainHeadVariables() {
        Set<String> out = new LinkedHashSet<>();
        for (String n : allVariables()) {
            if (n.startsWith(DomainHead.PREFIX + ".")) {
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
