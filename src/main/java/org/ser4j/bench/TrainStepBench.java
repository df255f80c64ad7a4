package org.ser4j.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.nd4j.autodiff.samediff.SameDiff;
import org.ser4j.train.AdamW;
import org.ser4j.train.ConvFeatureCache;
import org.ser4j.train.HubertEncoderFactory;
import org.ser4j.train.ModelSpec;
import org.ser4j.train.MultitaskModel;
import org.ser4j.train.OffHeapGc;
import org.ser4j.train.SpeechEncoder;

/**
 * One training step of the model {@code ser4j train} builds, vanilla mode: HuBERT in training mode (dropout,
 * LayerDrop and SpecAugment masks drawn per step), masked mean pooling, the emotion head (256-wide projection + ReLU
 * + linear to 4 classes), softmax cross-entropy, backward to every trainable variable except the frozen CNN feature
 * encoder, and an AdamW update. The PyTorch script does the same with {@code HubertModel.train()},
 * {@code freeze_feature_encoder()} and {@code torch.optim.AdamW}.
 */
public final class TrainStepBench {
    public static final int BATCH = 1;
    public static final double SECONDS = 4.0;

    private TrainStepBench() {}

    public static BenchEntry run(HubertConfig config, String modelName, int repeats) {
        return run(config, modelName, repeats, BATCH, SECONDS, false);
    }

    /** One step on {@code batch} utterances of {@code seconds} each, the CNN inside the gradient graph. */
    public static BenchEntry run(HubertConfig config, String modelName, int repeats, int batch, double seconds) {
        return run(config, modelName, repeats, batch, seconds, false);
    }

    /**
     * One step on {@code batch} utterances of {@code seconds} each.
     *
     * @param cnnOutside false: the CNN is part of the gradient graph (frozen variables, no gradient requested), as
     *                   {@code ser4j train} without the feature cache; true: every step runs the frozen CNN in its
     *                   own inference graph and feeds its output to a graph that starts after the CNN
     *                   ({@link HubertGraph.Entry#CONV_FEATURES}), so the gradient session keeps nothing of the CNN;
     *                   this is what PyTorch's {@code freeze_feature_encoder()} does (CNN under {@code no_grad}).
     *                   The CNN's share of the step is reported in extra, which is also the step time of
     *                   {@code ser4j train} with {@code model.conv_feature_cache} (features computed once).
     */
    public static BenchEntry run(HubertConfig config, String modelName, int repeats, int batch, double seconds,
                                 boolean cnnOutside) {
        String backend = cnnOutside ? "samediff-cnn-outside" : "samediff";
        String id = "train.step." + backend + "." + Waveforms.label(batch, seconds);
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("model", modelName);
        cfg.put("parameters", HubertGraph.parameterCount(config));
        cfg.put("batch", batch);
        cfg.put("seconds", seconds);
        int frames = config.framesFor((int) Math.round(seconds * Waveforms.RATE));
        cfg.put("frames", frames);
        cfg.put("head", "mean-pool + linear 256 + ReLU + linear 4 (ser4j emotion head)");
        cfg.put("optimizer", "AdamW (lr 1e-5 encoder, 1e-3 head, weight decay 0.01)");
        cfg.put("frozen", "CNN feature encoder" + (cnnOutside ? " (run outside the gradient graph every step)" : ""));
        cfg.put("dropout", "HF training-mode dropout, LayerDrop and SpecAugment of the config");
        try {
            long b0 = System.nanoTime();
            HubertEncoderFactory factory = new HubertEncoderFactory(config, null, HubertGraph.DEFAULT_INIT_SEED);
            if (cnnOutside) {
                factory = factory.withConvFeatureInput();
            }
            ModelSpec spec = new ModelSpec(List.of("ang", "hap", "neu", "sad"), List.of("EM", "EF", "JM", "JF"), 256,
                    false, 0, 5);
            MultitaskModel model = MultitaskModel.build(factory, spec);
            SpeechEncoder enc = model.encoder();
            List<String> trainable = new ArrayList<>();
            Map<String, INDArray> params = new LinkedHashMap<>();
            for (String n : model.allVariables()) {
                params.put(n, model.sameDiff().getVariable(n).getArr());
                if (!enc.featureEncoderVariables().contains(n)) {
                    trainable.add(n);
                }
            }
            FrozenCnn cnn = cnnOutside ? new FrozenCnn(config, model) : null;
            double buildSeconds = (System.nanoTime() - b0) / 1e9;
            float[][] wave = Waveforms.noise(batch, seconds, 23);
            int samples = wave[0].length;
            INDArray x = Nd4j.createFromArray(wave);
            INDArray mask = Nd4j.ones(DataType.FLOAT, batch, samples);
            int rows = cnnOutside ? frames : samples;
            int[] lengths = new int[batch];
            java.util.Arrays.fill(lengths, rows);
            INDArray rowMask = cnnOutside ? Nd4j.ones(DataType.FLOAT, batch, frames) : mask;
            float[][] onehot = new float[batch][4];
            for (int i = 0; i < batch; i++) {
                onehot[i][i % 4] = 1f;
            }
            INDArray label = Nd4j.createFromArray(onehot);
            AdamW adam = AdamW.defaults();
            Random rng = new Random(99);
            double[] loss = new double[1];
            List<Double> cnnSeconds = new ArrayList<>();
            List<Double> gradientSeconds = new ArrayList<>();
            List<Double> optimizerSeconds = new ArrayList<>();
            OpProfiler profiler = Boolean.getBoolean(PROFILE_PROPERTY) ? new OpProfiler(frames) : null;
            boolean[] listening = {false};
            CaseTimer.Measured m = CaseTimer.time(repeats, () -> {
                Map<String, INDArray> masks = enc.trainingMasks(batch, rows, lengths, rng);
                Map<String, INDArray> ph = new HashMap<>(masks);
                if (cnnOutside) {
                    long c0 = System.nanoTime();
                    ph.put(enc.inputName(), cnn.features(x, mask));
                    cnnSeconds.add((System.nanoTime() - c0) / 1e9);
                } else {
                    ph.put(enc.inputName(), x);
                }
                ph.put(enc.maskName(), rowMask);
                ph.put(MultitaskModel.EMOTION_LABEL, label);
                if (profiler != null && !listening[0] && model.sameDiff().getFunction("grad") != null) {
                    // from the second call on (the first builds the gradient function): the op mix of a warm step
                    model.sameDiff().addListeners(profiler);
                    listening[0] = true;
                }
                long g0 = System.nanoTime();
                OutAndGrad og = model.sameDiff().calculateGradientsAndOutputs(ph, List.of(MultitaskModel.LOSS),
                        trainable);
                enc.releaseTrainingMasks(masks);
                long a0 = System.nanoTime();
                adam.step(params, og.getGradients(), n -> MultitaskModel.isHeadVariable(n) ? 1e-3 : 1e-5, 0.01,
                        n -> params.get(n).rank() > 1);
                gradientSeconds.add((a0 - g0) / 1e9);
                optimizerSeconds.add((System.nanoTime() - a0) / 1e9);
                loss[0] = og.getOutputs().get(MultitaskModel.LOSS).getDouble(0);
                OffHeapGc.afterStep(); // as FoldTrainer does
            });
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("build_seconds", buildSeconds);
            extra.put("process_cpu_seconds", m.cpu().toJson());
            extra.put("trainable_tensors", trainable.size());
            extra.put("last_loss", loss[0]);
            if (gradientSeconds.size() > 1) { // the first call builds the gradient function: left out, as above
                extra.put("forward_backward_seconds",
                        new TimingStats(gradientSeconds.subList(1, gradientSeconds.size())).toJson());
                extra.put("optimizer_seconds",
                        new TimingStats(optimizerSeconds.subList(1, optimizerSeconds.size())).toJson());
            }
            if (cnnOutside && cnnSeconds.size() > 1) {
                extra.put("cnn_forward_seconds", new TimingStats(cnnSeconds.subList(1, cnnSeconds.size())).toJson());
            }
            if (profiler != null) {
                extra.put("op_profile_of_measured_steps", profiler.toJson());
                Map<String, Object> byShape = new LinkedHashMap<>();
                profiler.secondsAndCallsByOpTypeAndShape().entrySet().stream()
                        .sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).limit(40)
                        .forEach(e -> byShape.put(e.getKey(), Map.of("seconds", e.getValue()[0],
                                "calls", (long) e.getValue()[1])));
                extra.put("op_profile_top_by_type_and_shape", byShape);
            }
            return new BenchEntry(id, "train", backend, BenchEntry.OK, cfg, m.timing(), m.firstCallSeconds(),
                    m.memory(), extra, null);
        } catch (Exception | OutOfMemoryError e) {
            return BenchEntry.failed(id, "train", backend, cfg, e);
        }
    }

    /** System property that attaches {@link OpProfiler} to the measured training steps (costs a little time). */
    public static final String PROFILE_PROPERTY = "ser4j.bench.profile";

    /** The frozen CNN as its own inference graph, holding the training model's CNN weights. */
    private static final class FrozenCnn {
        private final SameDiff sd = SameDiff.create();
        private final String output;

        FrozenCnn(HubertConfig config, MultitaskModel model) {
            HubertGraph g = HubertGraph.buildForImport(sd, ConvFeatureCache.onlyCnn(config), HubertGraph.Mode.INFERENCE);
            for (String n : model.encoder().featureEncoderVariables()) {
                sd.getVariable(n).getArr().assign(model.sameDiff().getVariable(n).getArr());
            }
            output = g.extractFeatures().name();
        }

        INDArray features(INDArray wave, INDArray mask) {
            return sd.output(HubertGraph.inputs(wave, mask), output).get(output);
        }
    }
}
