package org.ser4j.fusion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.ser4j.eval.FoldedEvaluation;
import org.ser4j.eval.PredictionRow;
import org.ser4j.eval.PredictionTable;
import org.ser4j.eval.TestColumn;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Seeds;

/**
 * Intermediate concatenation (paper §2.3, Table 5): for each fold, the pooled FE embeddings of several systems
 * ({@code embeddings/fold-<k>-<split>.npy} + {@code .csv}, contracts §4) are concatenated per utterance, standardised
 * with the training statistics, a small classifier is trained on the train split and evaluated on the test fold.
 * Labels come from the systems' test rows (under LOSO every utterance is a test utterance of exactly one fold).
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
            try (var l = Files.list(d.resolve("embeddings"))) {
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
        PredictionTable first = PredictionTable.read(dirs.get(0).resolve("predictions.csv")).split("test");
        List<String> labels = first.labels();
        Map<String, PredictionRow> truth = new HashMap<>();
        first.rows().forEach(r -> truth.put(r.uttId(), r));
        TreeSet<Integer> folds = new TreeSet<>(first.folds());
        List<Integer> yTrue = new ArrayList<>();
        List<Integer> yPred = new ArrayList<>();
        List<Integer> yFold = new ArrayList<>();
        int dimension = 0;
        for (int k : folds) {
            Fold train = concatenate(dirs, k, "train", truth, null);
            Fold test = concatenate(dirs, k, "test", truth, column);
            dimension = train.x[0].length;
            standardise(train.x, test.x);
            int[] y = train.labels(labels);
            SmallClassifier model = new SmallClassifier(dimension, classifier == Classifier.MLP ? 128 : 0,
                    labels.size(), Seeds.derive(seed, "init", k));
            model.train(train.x, y, classifier == Classifier.MLP ? 40 : 60, 64, 1e-3, 1e-4, Seeds.derive(seed, "order", k));
            int[] yt = test.labels(labels);
            for (int i = 0; i < test.x.length; i++) {
                yTrue.add(yt[i]);
                yPred.add(model.predict(test.x[i]));
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

    private record Fold(List<String> ids, float[][] x, Map<String, PredictionRow> truth) {
        int[] labels(List<String> labels) {
            int[] y = new int[ids.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = labels.indexOf(truth.get(ids.get(i)).emotion());
            }
            return y;
        }
    }

    /** Rows of the first system's order (restricted to labelled utterances of the column), features side by side. */
    private static Fold concatenate(List<Path> dirs, int fold, String split, Map<String, PredictionRow> truth,
                                    TestColumn column) {
        List<String> ids = null;
        List<float[][]> parts = new ArrayList<>();
        for (Path d : dirs) {
            Path npy = d.resolve("embeddings").resolve("fold-" + fold + "-" + split + ".npy");
            Path csv = d.resolve("embeddings").resolve("fold-" + fold + "-" + split + ".csv");
            if (!Files.isRegularFile(npy) || !Files.isRegularFile(csv)) {
                throw new BadInputException(d + ": missing " + npy.getFileName() + " or " + csv.getFileName());
            }
            Npy.Matrix m = Npy.read(npy);
            List<String> rowIds;
            try {
                rowIds = Files.readAllLines(csv).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
            } catch (IOException e) {
                throw new BadInputException(csv + ": cannot read (" + e.getMessage() + ")", e);
            }
            if (!rowIds.isEmpty() && rowIds.get(0).equals("utt_id")) {
                rowIds = rowIds.subList(1, rowIds.size());
            }
            if (rowIds.size() != m.rows()) {
                throw new BadInputException(csv + ": " + rowIds.size() + " utterance ids for " + m.rows() + " rows in "
                        + npy.getFileName());
            }
            Map<String, Integer> at = new HashMap<>();
            for (int i = 0; i < rowIds.size(); i++) {
                at.put(rowIds.get(i), i);
            }
            if (ids == null) {
                ids = new ArrayList<>();
                for (String id : rowIds) {
                    PredictionRow r = truth.get(id);
                    if (r != null && (column == null || r.column().equals(column))) {
                        ids.add(id);
                    }
                }
            }
            float[][] part = new float[ids.size()][m.cols()];
            for (int i = 0; i < ids.size(); i++) {
                Integer row = at.get(ids.get(i));
                if (row == null) {
                    throw new BadInputException(csv + ": utterance " + ids.get(i) + " is missing (every system must "
                            + "embed the same utterances)");
                }
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
        return new Fold(ids, x, truth);
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
