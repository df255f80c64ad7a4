package org.ser4j.fusion;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.ser4j.eval.PredictionRow;
import org.ser4j.eval.PredictionTable;
import org.ser4j.eval.RunLayout;
import org.ser4j.eval.TestColumn;
import org.ser4j.util.BadInputException;

/**
 * The labelled utterances of the systems of an intermediate fusion, taken from every system's {@code predictions.csv}
 * and checked to agree: the same label order, the same folds, per fold the same test utterances with the same
 * emotions, and no utterance labelled two ways anywhere (test or dev rows). Systems that differ are refused, naming
 * both systems and the fold, rather than fused over whatever the first system happened to cover.
 */
final class SharedLabels {
    private final List<String> labels;
    private final SortedSet<Integer> folds;
    private final Map<String, PredictionRow> rows;

    private SharedLabels(List<String> labels, SortedSet<Integer> folds, Map<String, PredictionRow> rows) {
        this.labels = labels;
        this.folds = folds;
        this.rows = rows;
    }

    static SharedLabels of(List<Path> systems) {
        if (systems.isEmpty()) {
            throw new BadInputException("intermediate fusion needs at least one system folder");
        }
        Path reference = systems.get(0);
        PredictionTable first = PredictionTable.read(reference.resolve(RunLayout.PREDICTIONS));
        Map<Integer, Map<String, String>> referenceTests = testsByFold(first);
        Map<String, PredictionRow> rows = new HashMap<>();
        Map<String, Path> labelledBy = new HashMap<>();
        for (Path system : systems) {
            PredictionTable table = system.equals(reference) ? first
                    : PredictionTable.read(system.resolve(RunLayout.PREDICTIONS));
            if (!table.labels().equals(first.labels())) {
                throw new BadInputException("systems " + reference + " and " + system + " have different labels: "
                        + first.labels() + " vs " + table.labels());
            }
            requireSameTests(reference, referenceTests, system, testsByFold(table));
            for (PredictionRow r : table.rows()) {
                PredictionRow known = rows.get(r.uttId());
                if (known == null) {
                    rows.put(r.uttId(), r);
                    labelledBy.put(r.uttId(), system);
                } else if (!known.emotion().equals(r.emotion())) {
                    throw new BadInputException("utterance " + r.uttId() + " is labelled " + known.emotion() + " by "
                            + labelledBy.get(r.uttId()) + " but " + r.emotion() + " by " + system + " (fold "
                            + r.fold() + ", " + r.split() + ")");
                }
            }
        }
        return new SharedLabels(first.labels(), new TreeSet<>(referenceTests.keySet()), rows);
    }

    /** Fold -> (test utterance -> emotion), folds and utterances in order. */
    private static Map<Integer, Map<String, String>> testsByFold(PredictionTable table) {
        Map<Integer, Map<String, String>> out = new TreeMap<>();
        for (PredictionRow r : table.split("test").rows()) {
            out.computeIfAbsent(r.fold(), k -> new TreeMap<>()).put(r.uttId(), r.emotion());
        }
        return out;
    }

    private static void requireSameTests(Path reference, Map<Integer, Map<String, String>> expected, Path system,
                                         Map<Integer, Map<String, String>> got) {
        if (!expected.keySet().equals(got.keySet())) {
            throw new BadInputException("systems " + reference + " and " + system + " cover different folds: "
                    + expected.keySet() + " vs " + got.keySet() + " (every fused system must have test predictions"
                    + " of the same folds)");
        }
        for (int fold : expected.keySet()) {
            Map<String, String> a = expected.get(fold);
            Map<String, String> b = got.get(fold);
            if (a.equals(b)) {
                continue;
            }
            List<String> onlyA = new ArrayList<>(a.keySet());
            onlyA.removeAll(b.keySet());
            List<String> onlyB = new ArrayList<>(b.keySet());
            onlyB.removeAll(a.keySet());
            String detail;
            if (!onlyA.isEmpty() || !onlyB.isEmpty()) {
                detail = onlyA.size() + " test utterance(s) only in the first " + first(onlyA) + ", " + onlyB.size()
                        + " only in the second " + first(onlyB);
            } else {
                String id = a.keySet().stream().filter(u -> !a.get(u).equals(b.get(u))).findFirst().orElseThrow();
                detail = "utterance " + id + " is labelled " + a.get(id) + " vs " + b.get(id);
            }
            throw new BadInputException("systems " + reference + " and " + system + " differ in the test utterances of"
                    + " fold " + fold + ": " + detail);
        }
    }

    private static String first(List<String> ids) {
        return ids.isEmpty() ? "" : ids.subList(0, Math.min(3, ids.size())).toString();
    }

    List<String> labels() {
        return labels;
    }

    /** The folds every system has test predictions of. */
    SortedSet<Integer> folds() {
        return folds;
    }

    /** Whether the systems' predictions label this utterance. */
    boolean has(String uttId) {
        return rows.containsKey(uttId);
    }

    /** The class index of a labelled utterance. */
    int label(String uttId) {
        return labels.indexOf(rows.get(uttId).emotion());
    }

    TestColumn column(String uttId) {
        return rows.get(uttId).column();
    }
}
