package org.ser4j.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-scores a finished system under another step selection, from the files one training run leaves: each fold's
 * {@code metrics.jsonl} (UAR of every evaluation on test and dev) and {@code evals/step-<N>.csv} (the test and dev
 * predictions of every evaluation, written when the fold has a dev split). So one run gives both the paper's
 * test-selected UAR (optimistic) and the dev-selected one, whichever {@code train.selection} the run used.
 *
 * <p>The step of a fold is the first evaluation with the highest UAR on the selection split (the trainer's rule:
 * a later step replaces the best only when strictly better); the pooled UAR is that of the test rows of every fold
 * at its selected step.
 */
public final class StepSelection {
    /**
     * @param selectedSteps fold -> selected step
     * @param pooledUar     UAR of the pooled test rows at the selected steps
     * @param meanFoldUar   mean of the per-fold test UARs at the selected steps
     */
    public record Result(String split, Map<Integer, Long> selectedSteps, double pooledUar, double meanFoldUar) {}

    private StepSelection() {}

    /**
     * The system in {@code systemDir} (folders {@code fold-<k>} for the given folds) with each fold's step chosen on
     * {@code split} ("dev" or "test"); null when a fold lacks the metrics or per-evaluation predictions (a run
     * without a dev split, or made before these files existed).
     */
    public static Result of(Path systemDir, List<Integer> folds, String split) {
        if (!split.equals("dev") && !split.equals("test")) {
            throw new IllegalArgumentException("split must be dev or test, got '" + split + "'");
        }
        Map<Integer, Long> steps = new LinkedHashMap<>();
        ConfusionMatrix pooled = null;
        List<Double> foldUars = new ArrayList<>();
        for (int k : folds) {
            Path fd = RunLayout.foldDir(systemDir, k);
            Path metrics = fd.resolve(RunLayout.METRICS);
            if (!Files.isRegularFile(metrics)) {
                return null;
            }
            Long best = selectedStep(MetricsLog.readAll(metrics), split);
            if (best == null) {
                return null;
            }
            Path evals = RunLayout.evalPredictions(fd, best);
            if (!Files.isRegularFile(evals)) {
                return null;
            }
            PredictionTable test = PredictionTable.read(evals).split("test");
            ConfusionMatrix cm = test.confusion();
            if (pooled == null) {
                pooled = new ConfusionMatrix(test.labels());
            }
            pooled.addAll(cm);
            foldUars.add(cm.uar());
            steps.put(k, best);
        }
        if (pooled == null) {
            return null;
        }
        return new Result(split, steps, pooled.uar(),
                foldUars.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
    }

    /** The first step with the highest UAR on {@code split}; null when that split was never evaluated. */
    public static Long selectedStep(List<MetricsLine> lines, String split) {
        Long best = null;
        double bestUar = Double.NEGATIVE_INFINITY;
        for (MetricsLine l : lines) {
            if (l.split().equals(split) && !Double.isNaN(l.uar()) && l.uar() > bestUar) {
                bestUar = l.uar();
                best = l.step();
            }
        }
        return best;
    }
}
