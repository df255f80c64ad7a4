package org.ser4j.app.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.ser4j.audio.AudioLoader;
import org.ser4j.data.Manifest;
import org.ser4j.data.ManifestRow;
import org.ser4j.eval.baseline.FoldedBaseline;
import org.ser4j.eval.baseline.MfccStatistics;
import org.ser4j.train.Example;
import org.ser4j.train.ExperimentRun;
import org.ser4j.train.FoldData;

/**
 * The classical baseline in the demo's table: 40 MFCC means + SDs per utterance, standardised L2 softmax regression
 * ({@link FoldedBaseline}), trained on each fold's training speakers of an experiment (dev speakers left out, as the
 * systems never train on them) and scored on that fold's test session, pooled over the experiment's folds: the same
 * folds and test rows as the experiment's systems.
 */
final class DemoBaseline {
    /** Pooled test UAR, per-fold UAR, utterances featurised, wall seconds. */
    record Result(double pooledUar, Map<Integer, Double> foldUars, int utterances, double seconds) {}

    private DemoBaseline() {}

    static Result run(ExperimentRun run, int threads) throws InterruptedException {
        long t0 = System.nanoTime();
        List<Integer> foldNumbers = run.experiment().config().folds();
        int classes = run.experiment().config().data().labels().size();
        Map<String, Integer> index = new LinkedHashMap<>();
        List<Example> examples = new ArrayList<>();
        List<FoldData> folds = new ArrayList<>();
        for (int k : foldNumbers) {
            FoldData f = run.data().fold(k);
            folds.add(f);
            for (List<Example> part : List.of(f.train(), f.test())) {
                for (Example e : part) {
                    if (index.putIfAbsent(e.uttId(), examples.size()) == null) {
                        examples.add(e);
                    }
                }
            }
        }
        Map<String, Manifest> manifestOf = new HashMap<>();
        for (Manifest m : run.data().manifests()) {
            m.rows().forEach(r -> manifestOf.put(r.uttId(), m));
        }
        double[][] x = new double[examples.size()][];
        int[] y = new int[examples.size()];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            MfccStatistics stats = MfccStatistics.baseline();
            List<Future<double[]>> fs = new ArrayList<>();
            for (Example e : examples) {
                ManifestRow row = run.data().row(e.uttId());
                Manifest m = manifestOf.get(e.uttId());
                fs.add(pool.submit(() -> stats.features(AudioLoader.load16k(m.audioPath(row)))));
            }
            for (int i = 0; i < x.length; i++) {
                x[i] = fs.get(i).get();
                y[i] = examples.get(i).emotion();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<FoldedBaseline.Fold> rows = new ArrayList<>();
        for (FoldData f : folds) {
            rows.add(new FoldedBaseline.Fold(f.fold(), f.train().stream().mapToInt(e -> index.get(e.uttId())).toArray(),
                    f.test().stream().mapToInt(e -> index.get(e.uttId())).toArray()));
        }
        FoldedBaseline.Result r = FoldedBaseline.run(x, y, classes, rows);
        return new Result(r.pooledUar(), r.foldUars(), examples.size(), (System.nanoTime() - t0) / 1e9);
    }
}
