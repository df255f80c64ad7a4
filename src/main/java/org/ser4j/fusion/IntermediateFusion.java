package org.ser4j.fusion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

import org.ser4j.eval.Embeddings;
import org.ser4j.eval.FoldedEvaluation;
import org.ser4j.eval.RunLayout;
import org.ser4j.eval.TestColumn;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Npy;
import org.ser4j.util.Seeds;
import org.ser4j.util.SoftmaxRegression;

/**
 * Intermediate concatenation (docs/paper.md §2.3, Table 5): for each fold, the pooled FE embeddings of several systems
 * ({@code embeddings/fold-<k>-<split>.npy} + {@code .csv}, docs/contracts.md §4) are concatenated per utterance, standardised
 * with the training statistics, a small classifier is trained on the train split and evaluated on the test fold.
 * Labels come from the systems' predictions ({@link SharedLabels}: under LOSO every utterance is a test utterance of
 * exactly one fold), which must agree across systems; a training utterance without a label is refused, never dropped.
 */
public final class IntermediateFusion {
    private IntermediateFusion() {}

    /** Softmax regression or a one-hidden-layer MLP. */
    public enum Classifier {
        LINEAR, MLP;

        public static Classifier parse(String s) {
            for (Classifier c : values()) {
                if (c.name().equalsIgnoreCase(s)) {
                    return c;
                }
            }
            throw new BadInputException("classifier must be linear or mlp, got '" + s + "'");
        }
    }

    /** Held-out scores, the concatenated dimension and the number of systems. */
    public record Result(FoldedEvaluation evaluation, int dimension, int systems) {}

    public static boolean hasEmbeddings(List<Path> dirs) {
        return !dirs.isEmpty() && dirs.stream().allMatch(d -> {
            try (var l = Files.list(d.resolve(RunLayout.EMBEDDINGS))) {
                return l.anyMatch(p -> p.getFileName().toString().matches("fold-\\d+-train\\.npy"));
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Evaluates on the test rows of {@code column} (null: every test row). */
    public static Result evaluate(List<Path> systemDirs, TestColumn column, Classifier classifier, long seed) {
        List<Path> dirs = new ArrayList<>(systemDirs.stream().map(Path::normalize).distinct().toList());
        dirs.sort(java.util.Comparator.comparing(Path::toString));
        SharedLabels truth = SharedLabels.of(dirs);
        List<String> labels = truth.labels();
        List<Integer> yTrue = new ArrayList<>();
        List<Integer> yPred = new ArrayList<>();
        List<Integer> yFold = new ArrayList<>();
        int dimension = 0;
        for (int k : truth.folds()) {
            Fold train = concatenate(dirs, k, "train", truth, null);
            Fold test = concatenate(dirs, k, "test", truth, column);
            dimension = train.x[0].length;
            standardise(train.x, test.x);
            int[] y = train.labels(truth);
            long order = Seeds.derive(seed, "order", k);
            ToIntFunction<float[]> model;
            if (classifier == Classifier.MLP) {
                SmallClassifier mlp = new SmallClassifier(dimension, 128, labels.size(), Seeds.derive(seed, "init", k));
                mlp.train(train.x, y, 40, 64, 1e-3, 1e-4, order);
                model = mlp::predict;
            } else {
                model = SoftmaxRegression.fitAdam(train.x, y, labels.size(), 60, 64, 1e-3, 1e-4, order)::predict;
            }
            int[] yt = test.labels(truth);
            for (int i = 0; i < test.x.length; i++) {
                yTrue.add(yt[i]);
                yPred.add(model.applyAsInt(test.x[i]));
                yFold.add(k);
            }
        }
        if (yTrue.isEmpty()) {
            throw new BadInputException("no test utterances" + (column == null ? "" : " of " + column)
                    + " in the embeddings of " + dirs.get(0));
        }
        FoldedEvaluation ev = FoldedEvaluation.of(labels, yTrue.stream().mapToInt(i -> i).toArray(),
                yPred.stream().mapToInt(i -> i).toArray(), yFold.stream().mapToInt(i -> i).toArray());
        return new Result(ev, dimension, dirs.size());
    }

    private record Fold(List<String> ids, float[][] x) {
        int[] labels(SharedLabels truth) {
            int[] y = new int[ids.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = truth.label(ids.get(i));
            }
            return y;
        }
    }

    /**
     * Rows of the first system's order (test: restricted to the column), features side by side. Every system must
     * embed the same utterances, and every one of them must be labelled by the systems' predictions: a training row
     * without a label (its fold's test predictions are missing) would otherwise be dropped without a word.
     */
    private static Fold concatenate(List<Path> dirs, int fold, String split, SharedLabels truth, TestColumn column) {
        List<String> ids = null;
        Set<String> idSet = null;
        List<float[][]> parts = new ArrayList<>();
        for (Path d : dirs) {
            Path npy = RunLayout.embeddingMatrix(d, fold, split);
            Path csv = RunLayout.embeddingIds(d, fold, split);
            if (!Files.isRegularFile(npy) || !Files.isRegularFile(csv)) {
                throw new BadInputException(d + ": missing " + npy.getFileName() + " or " + csv.getFileName());
            }
            Npy.Matrix m = Npy.read(npy);
            List<String> rowIds = Embeddings.readIds(csv);
            if (rowIds.size() != m.rows()) {
                throw new BadInputException(csv + ": " + rowIds.size() + " utterance ids for " + m.rows() + " rows in "
                        + npy.getFileName());
            }
            Map<String, Integer> at = new HashMap<>();
            for (int i = 0; i < rowIds.size(); i++) {
                at.put(rowIds.get(i), i);
            }
            if (ids == null) {
                idSet = new HashSet<>(rowIds);
                requireLabelled(d, fold, split, rowIds, truth);
                ids = new ArrayList<>();
                for (String id : rowIds) {
                    if (column == null || truth.column(id).equals(column)) {
                        ids.add(id);
                    }
                }
            } else if (!idSet.equals(at.keySet())) {
                Set<String> expected = idSet;
                List<String> missing = expected.stream().filter(id -> !at.containsKey(id)).sorted().limit(3).toList();
                List<String> extra = at.keySet().stream().filter(id -> !expected.contains(id)).sorted().limit(3)
                        .toList();
                throw new BadInputException("systems " + dirs.get(0) + " and " + d + " embed different " + split
                        + " utterances in fold " + fold + " (missing from the second " + missing + ", only in the"
                        + " second " + extra + "); every system must embed the same utterances");
            }
            float[][] part = new float[ids.size()][m.cols()];
            for (int i = 0; i < ids.size(); i++) {
                int row = at.get(ids.get(i));
                System.arraycopy(m.data(), row * m.cols(), part[i], 0, m.cols());
            }
            parts.add(part);
        }
        int dim = parts.stream().mapToInt(p -> p.length == 0 ? 0 : p[0].length).sum();
        float[][] x = new float[ids.size()][dim];
        for (int i = 0; i < ids.size(); i++) {
            int off = 0;
            for (float[][] p : parts) {
                System.arraycopy(p[i], 0, x[i], off, p[i].length);
                off += p[i].length;
            }
        }
        if (ids.isEmpty() && split.equals("train")) {
            throw new BadInputException(String.format(Locale.ROOT, "fold %d: no labelled training embeddings", fold));
        }
        return new Fold(ids, x);
    }

    /** Every embedded utterance needs a label from the systems' predictions (which hold the only labels there are). */
    private static void requireLabelled(Path system, int fold, String split, List<String> rowIds, SharedLabels truth) {
        List<String> unlabelled = rowIds.stream().filter(id -> !truth.has(id)).toList();
        if (unlabelled.isEmpty()) {
            return;
        }
        throw new BadInputException(String.format(Locale.ROOT, "fold %d: %d of %d %s utterances embedded by %s have"
                        + " no label in the systems' predictions.csv (first %s); their test folds are missing (the"
                        + " systems' test predictions cover folds %s). Intermediate fusion trains on every training"
                        + " utterance of a fold, so it needs the systems trained on all folds", fold, unlabelled.size(),
                rowIds.size(), split, system, unlabelled.subList(0, Math.min(3, unlabelled.size())), truth.folds()));
    }

    /** Zero mean, unit variance per feature, with the training rows' statistics applied to both. */
    private static void standardise(float[][] train, float[][] test) {
        int d = train[0].length;
        for (int f = 0; f < d; f++) {
            double mean = 0;
            for (float[] r : train) {
                mean += r[f];
            }
            mean /= train.length;
            double var = 0;
            for (float[] r : train) {
                var += (r[f] - mean) * (r[f] - mean);
            }
            double sd = Math.sqrt(var / train.length) + 1e-6;
            for (float[] r : train) {
                r[f] = (float) ((r[f] - mean) / sd);
            }
            for (float[] r : test) {
                r[f] = (float) ((r[f] - mean) / sd);
            }
        }
    }
}
