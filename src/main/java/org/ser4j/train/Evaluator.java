package org.ser4j.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.util.Recall;

/**
 * Runs the model in evaluation mode (all masks off) over a list of utterances. Batches are formed in length order to
 * keep padding small; results come back in the input order.
 */
final class Evaluator {
    private final MultitaskModel model;
    private final InputSource source;
    private final int batchSize;
    private final int maxSamples;

    Evaluator(MultitaskModel model, WaveformSource source, int batchSize, int maxSamples, boolean normalize) {
        this(model, InputSource.waveforms(source, normalize), batchSize, maxSamples);
    }

    /** @param maxSamples evaluation crop in 16 kHz samples from the start of each utterance (0 = whole utterance) */
    Evaluator(MultitaskModel model, InputSource source, int batchSize, int maxSamples) {
        this.model = model;
        this.source = source;
        this.batchSize = batchSize;
        this.maxSamples = maxSamples;
    }

    EvalResult evaluate(String split, List<Example> examples, boolean withEmbeddings) {
        int n = examples.size();
        int e = model.spec().emotions().size();
        boolean dc = model.spec().hasDomainHead();
        float[][] emo = new float[n][];
        float[][] dom = dc ? new float[n][] : null;
        float[][] emb = withEmbeddings ? new float[n][] : null;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> examples.get(i).samples()).thenComparing(i -> i));
        List<String> outputs = new ArrayList<>(List.of(MultitaskModel.EMOTION_LOGITS));
        if (dc) {
            outputs.add(MultitaskModel.DOMAIN_LOGITS);
        }
        if (withEmbeddings) {
            outputs.add(MultitaskModel.FE_OUTPUT);
        }
        for (int start = 0; start < n; start += batchSize) {
            List<Integer> idx = order.subList(start, Math.min(n, start + batchSize));
            List<Example> items = new ArrayList<>();
            for (int i : idx) {
                items.add(examples.get(i));
            }
            Batch b = BatchAssembler.assemble(items, source, maxSamples, null);
            Map<String, INDArray> ph = inputs(model, b, null, null);
            Map<String, INDArray> out = model.sameDiff().output(ph, outputs);
            float[][] le = out.get(MultitaskModel.EMOTION_LOGITS).toFloatMatrix();
            float[][] ld = dc ? out.get(MultitaskModel.DOMAIN_LOGITS).toFloatMatrix() : null;
            float[][] lf = withEmbeddings ? out.get(MultitaskModel.FE_OUTPUT).toFloatMatrix() : null;
            for (int k = 0; k < idx.size(); k++) {
                emo[idx.get(k)] = le[k];
                if (dc) {
                    dom[idx.get(k)] = ld[k];
                }
                if (withEmbeddings) {
                    emb[idx.get(k)] = lf[k];
                }
            }
        }
        int[] truth = new int[n];
        int[] pred = new int[n];
        double lossEmo = 0;
        double lossDom = 0;
        int domHit = 0;
        for (int i = 0; i < n; i++) {
            truth[i] = examples.get(i).emotion();
            pred[i] = Recall.argmax(emo[i]);
            lossEmo += crossEntropy(emo[i], truth[i]);
            if (dc) {
                int d = examples.get(i).domain();
                lossDom += crossEntropy(dom[i], d);
                if (Recall.argmax(dom[i]) == d) {
                    domHit++;
                }
            }
        }
        return new EvalResult(split, List.copyOf(examples), emo, dom, emb, lossEmo / n,
                dc ? lossDom / n : Double.NaN, Recall.uar(truth, pred, e), Recall.war(truth, pred),
                dc ? (double) domHit / n : Double.NaN);
    }

    static double crossEntropy(float[] logits, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        return Math.log(sum) + max - logits[target];
    }

    /**
     * Placeholders of one batch. {@code fakeDomain} >= 0 labels every utterance with that domain (fake-domain step 2).
     */
    static Map<String, INDArray> inputs(MultitaskModel model, Batch b, Map<String, INDArray> masks,
                                        Integer fakeDomain) {
        SpeechEncoder enc = model.encoder();
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(enc.inputName(), b.input());
        ph.put(enc.maskName(), b.mask());
        int e = model.spec().emotions().size();
        float[][] emo = new float[b.size()][e];
        for (int i = 0; i < b.size(); i++) {
            emo[i][b.examples().get(i).emotion()] = 1f;
        }
        ph.put(MultitaskModel.EMOTION_LABEL, org.nd4j.linalg.factory.Nd4j.createFromArray(emo));
        if (model.spec().hasDomainHead()) {
            int d = model.spec().domains().size();
            float[][] dom = new float[b.size()][d];
            for (int i = 0; i < b.size(); i++) {
                int label = fakeDomain != null ? fakeDomain : b.examples().get(i).domain();
                dom[i][label] = 1f;
            }
            ph.put(MultitaskModel.DOMAIN_LABEL, org.nd4j.linalg.factory.Nd4j.createFromArray(dom));
        }
        ph.putAll(masks != null ? masks : enc.evalMasks(b.size(), b.length(), b.lengths()));
        return ph;
    }
}
