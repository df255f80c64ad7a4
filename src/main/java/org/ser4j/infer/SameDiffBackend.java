package org.ser4j.infer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.nn.heads.ClassifierHead;
import org.ser4j.nn.heads.DomainHead;
import org.ser4j.nn.heads.EmotionHead;
import org.ser4j.nn.heads.LayerWeighting;
import org.ser4j.nn.heads.PooledStandardization;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.weights.WeightImporter;

/**
 * The inference graph in SameDiff, rebuilt from {@code config.json} and the tensors: HuBERT in
 * {@link HubertGraph.Mode#INFERENCE} (no dropout, LayerDrop or SpecAugment), then the same wiring as training
 * ({@code train.MultitaskModel}): last hidden state or learned layer weighting, masked mean pooling over valid
 * frames, emotion head, and the domain head when exported. The gradient reversal of DANN is left out: its forward
 * value is the identity. Every graph variable must receive a tensor and every tensor must find a variable, so a
 * model that does not fit fails at load time with the offending names.
 *
 * <p>Calls are serialised: one graph instance holds per-call state, and on a CPU a single forward already uses the
 * cores that OpenMP was given.
 */
public final class SameDiffBackend implements InferenceBackend {
    public static final String FE_OUTPUT = "fe_output";
    public static final String EMOTION_LOGITS = "emotion_logits";
    public static final String DOMAIN_LOGITS = "domain_logits";

    private final SameDiff sd;
    private final boolean domainHead;
    private final List<String> outputs;

    public SameDiffBackend(ExportedModel model) {
        ModelMetadata meta = model.metadata();
        this.sd = SameDiff.create();
        HubertGraph g = HubertGraph.build(sd, model.config(), HubertGraph.Mode.INFERENCE);
        SDVariable hidden = meta.layerWeights() ? LayerWeighting.weightedSum(sd, g.hiddenStates())
                : g.lastHiddenState();
        SDVariable fe = sd.identity(FE_OUTPUT, meta.pooling().pool(hidden, g.frameMask()));
        int h = meta.pooling().width(model.config().hiddenSize());
        if (model.tensors().containsKey(PooledStandardization.MEAN)) {
            fe = PooledStandardization.apply(sd, fe, h);
        }
        // seeds are irrelevant: every head variable is overwritten by the exported tensors below
        ClassifierHead ec = EmotionHead.build(sd, fe, h, meta.headWidth(), meta.labels().size(), 0L);
        sd.identity(EMOTION_LOGITS, ec.logits());
        this.domainHead = meta.hasDomainHead();
        this.outputs = new ArrayList<>(List.of(EMOTION_LOGITS));
        if (domainHead) {
            ClassifierHead dc = DomainHead.build(sd, fe, h, meta.headWidth(), meta.domains().size(), 0L);
            sd.identity(DOMAIN_LOGITS, dc.logits());
            outputs.add(DOMAIN_LOGITS);
        }
        List<String> variables = new ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                variables.add(v.name());
            }
        }
        WeightImporter.assign(sd, variables, model.tensors(),
                new WeightImporter.Policy(false, false, Set.of()), model.dir().toString());
    }

    @Override
    public synchronized HeadLogits forward(PaddedBatch batch) {
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(HubertGraph.INPUT_VALUES, Nd4j.create(batch.values(), new long[] {batch.size(), batch.samples()}, 'c'));
        ph.put(HubertGraph.ATTENTION_MASK, Nd4j.create(batch.mask(), new long[] {batch.size(), batch.samples()}, 'c'));
        Map<String, INDArray> out = sd.output(ph, outputs);
        float[][] emo = out.get(EMOTION_LOGITS).toFloatMatrix();
        float[][] dom = domainHead ? out.get(DOMAIN_LOGITS).toFloatMatrix() : null;
        return new HeadLogits(emo, dom);
    }

    /** The graph (read-only use: inspection, export to other formats). */
    public SameDiff sameDiff() {
        return sd;
    }

    @Override
    public String describe() {
        return "samediff(" + Nd4j.getBackend().getClass().getSimpleName() + ")";
    }
}
