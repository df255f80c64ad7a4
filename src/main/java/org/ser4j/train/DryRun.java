package org.ser4j.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.config.ExperimentConfig;
import org.ser4j.config.Mode;
import org.ser4j.config.ResolvedExperiment;
import org.ser4j.util.Seeds;

/**
 * {@code ser4j train X.yaml --dry-run}: proves a config without training it. Resolves the config, loads the data and
 * folds, builds the real graph of the first mode (with the pretrained weights when they are present), and makes one
 * training step (forward, backward, AdamW) on a 1 s crop. Nothing is written to the runs folder.
 */
public final class DryRun {
    private DryRun() {}

    /** What the dry run measured. */
    public record Report(Mode mode, int parameters, double buildSeconds, double stepSeconds, double lossEmo,
                         double lossDom, boolean syntheticAudio) {
    }

    public static Report run(ResolvedExperiment exp, ExperimentData data, SystemRunner.EncoderProvider encoders,
                             PrintStream out) throws Exception {
        ExperimentConfig cfg = exp.config();
        out.printf("config  %s (scale %s), sha256 %s%n", exp.source(), cfg.scale(), exp.sha256());
        out.printf("systems %d modes x %d trials, folds %s%n", cfg.modes().size(), cfg.trials(), cfg.folds());
        for (int k : cfg.folds()) {
            FoldData f = data.fold(k);
            out.printf("fold %d  train %d  dev %d  test %d  split sha256 %s%n", k, f.train().size(), f.dev().size(),
                    f.test().size(), data.fingerprint(f).splitSha256());
        }
        Mode mode = cfg.modes().get(0);
        long seed = Seeds.derive(SystemRunner.trialSeed(cfg.seed(), 1), "fold", cfg.folds().get(0));
        ModelSpec spec = ModelSpec.of(cfg.data(), cfg.model(), mode.gamma(), seed);
        long t0 = System.nanoTime();
        EncoderFactory ef = encoders.create(seed);
        MultitaskModel model = MultitaskModel.build(ef, spec);
        ef.loadPretrained(model.sameDiff());
        double build = (System.nanoTime() - t0) / 1e9;
        Map<String, INDArray> params = SystemRunner.parameters(model);
        long count = params.values().stream().mapToLong(INDArray::length).sum();
        out.printf("graph   %s, %s, %,d parameters, %d ops, built in %.1f s%n", mode, ef.describe(), count,
                model.sameDiff().getOps().size(), build);

        FoldData fold = data.fold(cfg.folds().get(0));
        List<Example> items = new ArrayList<>(fold.train().subList(0, Math.min(cfg.train().batchSize(), fold.train().size())));
        boolean[] synthetic = {false};
        WaveformSource real = data.waveforms();
        WaveformSource source = ex -> {
            try {
                return real.waveform(ex);
            } catch (RuntimeException e) {
                // the corpus audio is not on this machine: the step still proves graph, memory and speed
                synthetic[0] = true;
                Random r = new Random(ex.uttId().hashCode());
                float[] w = new float[16000];
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (0.1 * r.nextGaussian());
                }
                return w;
            }
        };
        Batch b = BatchAssembler.assemble(items, source, 16000, new Random(seed), encoders.normalize());
        if (synthetic[0]) {
            out.println("audio   corpus audio not found; the step uses 1 s of noise per utterance");
        }
        List<String> trainable = new ArrayList<>(model.allVariables());
        if (cfg.model().freezeFeatureEncoder()) {
            trainable.removeAll(model.encoder().featureEncoderVariables());
        }
        model.setGrlLambda(cfg.train().grl().lambda());
        Map<String, INDArray> ph = Evaluator.inputs(model, b,
                model.encoder().trainingMasks(b.size(), b.length(), b.lengths(), new Random(seed)), null);
        List<String> outputs = new ArrayList<>(List.of(MultitaskModel.LOSS_EMO));
        if (spec.hasDomainHead()) {
            outputs.add(MultitaskModel.LOSS_DOM);
        }
        long t1 = System.nanoTime();
        OutAndGrad og = model.sameDiff().calculateGradientsAndOutputs(ph, outputs, trainable);
        Map<String, INDArray> grads = new LinkedHashMap<>(og.getGradients());
        double norm = FoldTrainer.globalNorm(grads);
        FoldTrainer.clip(grads, cfg.train().clipNorm(), norm);
        AdamW.defaults().step(params, grads, n -> MultitaskModel.isHeadVariable(n) ? cfg.train().lrHeads()
                : cfg.train().lrEncoder(), cfg.train().weightDecay(), n -> params.get(n).rank() > 1);
        double step = (System.nanoTime() - t1) / 1e9;
        double le = og.getOutputs().get(MultitaskModel.LOSS_EMO).getDouble(0);
        double ld = spec.hasDomainHead() ? og.getOutputs().get(MultitaskModel.LOSS_DOM).getDouble(0) : Double.NaN;
        out.printf(Locale.ROOT, "step    batch %d x %d samples: loss_emo %.4f loss_dom %.4f, %.2f s (first step, "
                + "includes building the gradient graph)%n", b.size(), b.length(), le, ld, step);
        if (!Double.isFinite(le)) {
            throw new IllegalStateException("dry run: the emotion loss is not finite (" + le + ")");
        }
        if (!Double.isFinite(norm)) {
            throw new IllegalStateException("dry run: the global gradient norm is not finite (" + norm + ")");
        }
        return new Report(mode, (int) Math.min(Integer.MAX_VALUE, count), build, step, le, ld, synthetic[0]);
    }

}
