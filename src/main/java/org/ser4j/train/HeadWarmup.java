package org.ser4j.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.nn.heads.DomainHead;
import org.ser4j.nn.heads.PooledStandardization;
import org.ser4j.util.Recall;

/**
 * Head warm-up before fine-tuning ({@code train.head_warmup_steps}; linear probing then fine-tuning, as in Kumar et
 * al., ICLR 2022): the heads are first trained alone on the pooled FE outputs of the initial encoder, one row per
 * training utterance, full batch, and fine-tuning of the whole model starts from those heads instead of random ones.
 *
 * <p>WHY: the demo fine-tunes for 80 steps of 8 crops, less than one pass over its training speakers. With random
 * heads the first steps' gradients into the encoder are noise and the heads end under-fitted: training UAR at step 80
 * was 0.46-0.53 (demo corpus, MTL, mean_std pooling), below what a linear probe of the frozen encoder reaches on the
 * test speakers. Over cached FE outputs a head step costs a few milliseconds, so the heads can converge first. Not in
 * the paper; off by default.
 *
 * <p>The graph is the model's own head graph ({@link MultitaskModel#attachHeads}) on a placeholder, so the warm-up
 * trains exactly the variables, standardisation and losses the model has; with a standardised FE output its
 * statistics are set from the warm-up rows (the running statistics when they are batch statistics). The domain head
 * is warmed up on the true domains in every mode that has one (gradient reversal only acts on the FE, which is not
 * here), unless {@code train.head_warmup_domain} is false: then it keeps its initialisation. WHY that option: a DC
 * that already separates the domains has a near-zero loss, so neither MTL nor DANN then sends the FE much domain
 * gradient, and the two modes fine-tune to nearly the same encoder.
 */
final class HeadWarmup {
    /** Name of the FE-output placeholder of the warm-up graph. */
    static final String FE_INPUT = "warmup_fe_input";

    /** What the warm-up did: its last full-batch losses and training UAR. */
    record Result(int steps, double lossEmo, double lossDom, double trainUar) {}

    private HeadWarmup() {}

    /**
     * Trains the heads of {@code model} in place ({@code params}, the model's live arrays).
     *
     * @param examples    the training utterances, in the order of {@code fe}
     * @param fe          their pooled FE outputs [n][width] from the model's current (initial) encoder
     * @param weightDecay AdamW decoupled weight decay of matrices, as in fine-tuning
     * @param withDomain  train the DC too; false leaves its variables as they are
     */
    static Result run(MultitaskModel model, Map<String, INDArray> params, List<Example> examples, float[][] fe,
                      int steps, double lr, double weightDecay, boolean withDomain) {
        ModelSpec spec = model.spec();
        int width = fe[0].length;
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder(FE_INPUT, DataType.FLOAT, -1, width);
        model.attachHeads(sd, in);
        if (sd.hasVariable(PooledStandardization.MEAN)) {
            float[][] stats = PooledStandardization.statistics(fe);
            params.get(PooledStandardization.MEAN).assign(Nd4j.createFromArray(stats[0]));
            params.get(PooledStandardization.STD).assign(Nd4j.createFromArray(stats[1]));
        }
        Map<String, INDArray> heads = new LinkedHashMap<>();
        List<String> trainable = new ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() != VariableType.VARIABLE) {
                continue;
            }
            INDArray live = params.get(v.name());
            if (live == null) {
                throw new IllegalStateException("head warm-up: the model has no variable " + v.name());
            }
            v.getArr().assign(live);
            heads.put(v.name(), v.getArr());
            boolean domainHead = v.name().startsWith(DomainHead.PREFIX + ".");
            if (!model.fixedVariables().contains(v.name()) && (withDomain || !domainHead)) {
                trainable.add(v.name());
            }
        }
        Map<String, INDArray> ph = placeholders(spec, examples, fe);
        List<String> outputs = new ArrayList<>(List.of(MultitaskModel.LOSS_EMO, MultitaskModel.EMOTION_LOGITS));
        if (spec.hasDomainHead()) {
            outputs.add(MultitaskModel.LOSS_DOM);
        }
        AdamW adam = AdamW.defaults();
        LearningRateSchedule schedule = LearningRateSchedule.ofRatio(0.0, steps);
        Result last = null;
        for (int step = 0; step < steps; step++) {
            OutAndGrad og = sd.calculateGradientsAndOutputs(ph, outputs, trainable);
            double le = og.getOutputs().get(MultitaskModel.LOSS_EMO).getDouble(0);
            double ld = spec.hasDomainHead() ? og.getOutputs().get(MultitaskModel.LOSS_DOM).getDouble(0) : Double.NaN;
            if (!Double.isFinite(le) || (spec.hasDomainHead() && !Double.isFinite(ld))) {
                throw new IllegalStateException("head warm-up step " + (step + 1) + ": non-finite loss (emotion " + le
                        + ", domain " + ld + "); the FE outputs of the initial encoder are finite, check the heads' "
                        + "learning rate (train.head_warmup_lr " + lr + ")");
            }
            Map<String, INDArray> grads = new LinkedHashMap<>();
            for (String n : trainable) {
                INDArray g = og.getGradients().get(n);
                if (g != null) {
                    grads.put(n, g);
                }
            }
            double factor = schedule.factor(step);
            adam.step(heads, grads, n -> factor * lr, weightDecay, n -> heads.get(n).rank() > 1);
            // the training UAR is reported for the last step only: reading the logits back costs more than the step
            double uar = step == steps - 1 ? trainUar(og.getOutputs().get(MultitaskModel.EMOTION_LOGITS), examples,
                    spec.emotions().size()) : Double.NaN;
            last = new Result(step + 1, le, ld, uar);
        }
        for (Map.Entry<String, INDArray> e : heads.entrySet()) {
            params.get(e.getKey()).assign(e.getValue());
        }
        return last == null ? new Result(0, Double.NaN, Double.NaN, Double.NaN) : last;
    }

    private static Map<String, INDArray> placeholders(ModelSpec spec, List<Example> examples, float[][] fe) {
        int n = examples.size();
        float[][] emo = new float[n][spec.emotions().size()];
        float[][] dom = new float[n][spec.domains().size()];
        for (int i = 0; i < n; i++) {
            emo[i][examples.get(i).emotion()] = 1f;
            dom[i][examples.get(i).domain()] = 1f;
        }
        Map<String, INDArray> ph = new LinkedHashMap<>();
        ph.put(FE_INPUT, Nd4j.createFromArray(fe));
        ph.put(MultitaskModel.EMOTION_LABEL, Nd4j.createFromArray(emo));
        if (spec.hasDomainHead()) {
            ph.put(MultitaskModel.DOMAIN_LABEL, Nd4j.createFromArray(dom));
        }
        return ph;
    }

    private static double trainUar(INDArray logits, List<Example> examples, int classes) {
        float[][] l = logits.toFloatMatrix();
        int[] truth = new int[l.length];
        int[] pred = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            truth[i] = examples.get(i).emotion();
            pred[i] = Recall.argmax(l[i]);
        }
        return Recall.uar(truth, pred, classes);
    }
}
