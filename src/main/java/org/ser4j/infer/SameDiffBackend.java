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
import org.ser4j.nn.heads.EmotionModelHeads;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.weights.WeightImporter;

/**
 * The inference graph in SameDiff, rebuilt from {@code config.json} and the tensors: HuBERT in
 * {@link HubertGraph.Mode#INFERENCE} (no dropout, LayerDrop or SpecAugment), then the blocks of
 * {@link EmotionModelHeads} as training builds them, without the losses; the gradient reversal of DANN is left out
 * because its forward value is the identity. Every graph variable must receive a tensor and every tensor must find a
 * variable, so a model that does not fit fails at load time with the offending names.
 *
 * <p>Calls are serialised: one graph instance holds per-call state, and on a CPU a single forward already uses the
 * cores that OpenMP was given.
 */
public final class SameDiffBackend implements InferenceBackend {
    private final SameDiff sd;
    private final EmotionModelHeads heads;
    private final List<String> outputs;

    public SameDiffBackend(ExportedModel model) {
        this.sd = SameDiff.create();
        this.heads = heads(model);
        HubertGraph g = HubertGraph.build(sd, model.config(), HubertGraph.Mode.INFERENCE);
        // the seed is irrelevant: every head variable is overwritten by the exported tensors below
        heads.build(sd, g.hiddenStates(), g.frameMask(), 0L, EmotionModelHeads.NONE);
        this.outputs = new ArrayList<>(List.of(EmotionModelHeads.EMOTION_LOGITS));
        if (heads.hasDomainHead()) {
            outputs.add(EmotionModelHeads.DOMAIN_LOGITS);
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

    /** The blocks of an exported model, read off its tensors. */
    public static EmotionModelHeads heads(ExportedModel model) {
        return EmotionModelHeads.ofTensors(model.tensors(), model.config().hiddenSize(),
                model.config().numHiddenLayers() + 1, model.dir().toString());
    }

    @Override
    public synchronized HeadLogits forward(PaddedBatch batch) {
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(HubertGraph.INPUT_VALUES, Nd4j.create(batch.values(), new long[] {batch.size(), batch.samples()}, 'c'));
        ph.put(HubertGraph.ATTENTION_MASK, Nd4j.create(batch.mask(), new long[] {batch.size(), batch.samples()}, 'c'));
        Map<String, INDArray> out = sd.output(ph, outputs);
        float[][] emo = out.get(EmotionModelHeads.EMOTION_LOGITS).toFloatMatrix();
        float[][] dom = heads.hasDomainHead() ? out.get(EmotionModelHeads.DOMAIN_LOGITS).toFloatMatrix() : null;
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
