package org.ser4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ser4j.config.GrlConfig;
import org.ser4j.config.Selection;
import org.ser4j.eval.MetricsLine;
import org.ser4j.eval.MetricsLog;

/**
 * Issue 21: the selected step is the argmax of the selection split's UAR over the evaluations ({@code test} or
 * {@code dev}); on a tie the earliest step wins (a later step must be strictly better to replace it).
 */
class BestStepSelectionTest {
    private static TrainSettings settings(String selection, double lr) {
        return new TrainSettings("train", 12, 4, 1, lr, lr, 0.0, 0.01, 1.0, 1, 0, Selection.parse(selection),
                new GrlConfig("ganin", 1.0), 3200, 0, 8, Set.of("fe.conv.weight"), null, 5, false);
    }

    /** Fold 1 with the training utterances of the first speaker-session moved to a dev split. */
    private static FoldData foldWithDev(SyntheticExamples data) {
        FoldData f = data.fold(1);
        List<Example> train = new ArrayList<>();
        List<Example> dev = new ArrayList<>();
        for (Example e : f.train()) {
            (e.session() == 2 ? dev : train).add(e);
        }
        return new FoldData(1, train, dev, f.test());
    }

    private static FoldTrainer.Outcome run(SyntheticExamples data, TrainSettings s, Path dir) throws Exception {
        MultitaskModel m = MultitaskModelTest.model(1, false);
        return new FoldTrainer(m, foldWithDev(data), data.source(), s, dir,
                new ModelDirectoryExporter(new TinyTestEncoder(8, 11, 0.1), m.spec(), false, null), null).run();
    }

    /** The step the rule picks from metrics.jsonl: the first step with the highest UAR of {@code split}. */
    private static int[] earliestArgmax(Path dir, String split) throws Exception {
        int best = -1;
        double bestUar = Double.NEGATIVE_INFINITY;
        int evaluations = 0;
        for (MetricsLine l : MetricsLog.readAll(dir.resolve("metrics.jsonl"))) {
            if (l.split().equals(split)) {
                evaluations++;
                if (l.uar() > bestUar) {
                    bestUar = l.uar();
                    best = (int) l.step();
                }
            }
        }
        return new int[] {best, evaluations};
    }

    @Test
    void selectionOnTestOrDevIsTheEarliestArgmaxOfThatSplitsUar(@TempDir Path dir) throws Exception {
        SyntheticExamples data = new SyntheticExamples(3, 3, 9);
        for (String selection : List.of("test", "dev")) {
            Path d = dir.resolve(selection);
            FoldTrainer.Outcome o = run(data, settings(selection, 2e-2), d);
            int[] expected = earliestArgmax(d, selection);
            assertEquals(12, expected[1], "one evaluation per step");
            assertEquals(expected[0], o.selectedStep(), selection);
            double max = MetricsLog.readAll(d.resolve("metrics.jsonl")).stream()
                    .filter(l -> l.split().equals(selection)).mapToDouble(MetricsLine::uar)
                    .max().orElseThrow();
            assertEquals(max, o.selectedScore(), 0.0, selection);
        }
    }

    @Test
    void onATieTheEarliestStepIsSelected(@TempDir Path dir) throws Exception {
        // learning rate 0: the weights never move, so every evaluation scores the same
        FoldTrainer.Outcome o = run(new SyntheticExamples(3, 3, 9), settings("dev", 0.0), dir);
        List<Double> devUars = MetricsLog.readAll(dir.resolve("metrics.jsonl")).stream()
                .filter(l -> l.split().equals("dev")).map(MetricsLine::uar).toList();
        assertEquals(12, devUars.size());
        assertTrue(devUars.stream().distinct().count() == 1, "all tied: " + devUars);
        assertEquals(1, o.selectedStep());
    }
}
