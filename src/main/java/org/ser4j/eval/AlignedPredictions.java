package org.ser4j.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ser4j.util.BadInputException;

/**
 * The rows of one split from several systems, aligned by (fold, {@code utt_id}) and sorted that way, so the order
 * never depends on file order (a dev utterance may appear once per fold that uses it; a test utterance once). Every system must cover exactly the same utterances with the same truth and label order (docs/contracts.md §6);
 * otherwise the input is rejected with the first differing utterance named.
 */
public final class AlignedPredictions {
    private final List<String> names;
    private final List<String> labels;
    private final String[] uttIds;
    private final int[] truth;
    private final int[] fold;
    private final TestColumn[] column;
    /** [system][utterance * C + class], logits quantised to 1e-6. */
    private final long[][] quantised;
    /** [system][utterance * C + class], the logits as read. */
    private final double[][] logits;

    private AlignedPredictions(List<String> names, List<String> labels, String[] uttIds, int[] truth, int[] fold,
                               TestColumn[] column, long[][] quantised, double[][] logits) {
        this.names = List.copyOf(names);
        this.labels = List.copyOf(labels);
        this.uttIds = uttIds;
        this.truth = truth;
        this.fold = fold;
        this.column = column;
        this.quantised = quantised;
        this.logits = logits;
    }

    /**
     * Aligns the rows of {@code split} of each table. {@code names} label the systems in error messages and outputs.
     */
    public static AlignedPredictions of(List<String> names, List<PredictionTable> tables, String split) {
        if (tables.isEmpty()) {
            throw new BadInputException("no systems given");
        }
        if (names.size() != tables.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + tables.size() + " tables");
        }
        List<String> labels = tables.get(0).labels();
        PredictionTable first = tables.get(0).split(split);
        if (first.size() == 0) {
            throw new BadInputException(names.get(0) + ": no rows with split=" + split);
        }
        List<PredictionRow> base = new ArrayList<>(first.rows());
        base.sort((a, b) -> a.fold() != b.fold() ? Integer.compare(a.fold(), b.fold())
                : a.uttId().compareTo(b.uttId()));
        int n = base.size();
        int c = labels.size();
        String[] ids = new String[n];
        int[] truth = new int[n];
        int[] fold = new int[n];
        TestColumn[] column = new TestColumn[n];
        Map<String, Integer> index = new HashMap<>();
        for (int u = 0; u < n; u++) {
            PredictionRow r = base.get(u);
            ids[u] = r.uttId();
            truth[u] = first.labelIndex(r.emotion());
            fold[u] = r.fold();
            column[u] = r.column();
            index.put(r.fold() + "/" + r.uttId(), u);
        }
        long[][] q = new long[tables.size()][n * c];
        double[][] raw = new double[tables.size()][n * c];
        for (int s = 0; s < tables.size(); s++) {
            PredictionTable t = tables.get(s).split(split);
            if (!t.labels().equals(labels)) {
                throw new BadInputException(names.get(s) + ": label order " + t.labels() + " differs from "
                        + names.get(0) + "'s " + labels);
            }
            if (t.size() != n) {
                throw new BadInputException(names.get(s) + ": " + t.size() + " rows with split=" + split + ", but "
                        + names.get(0) + " has " + n + "; all systems must cover the same utterances");
            }
            for (PredictionRow r : t.rows()) {
                Integer u = index.get(r.fold() + "/" + r.uttId());
                if (u == null) {
                    throw new BadInputException(names.get(s) + ": utterance " + r.uttId() + " (fold " + r.fold() + ", split="
                            + split + ") is not in " + names.get(0));
                }
                if (t.labelIndex(r.emotion()) != truth[u]) {
                    throw new BadInputException(names.get(s) + ": utterance " + r.uttId()
                            + " has a different emotion than in " + names.get(0));
                }
                for (int j = 0; j < c; j++) {
                    raw[s][u * c + j] = r.logit(j);
                    q[s][u * c + j] = Quantised.of(r.logit(j));
                }
            }
        }
        return new AlignedPredictions(names, labels, ids, truth, fold, column, q, raw);
    }

    /** The same systems restricted to some utterances (given by index, in the order given). */
    public AlignedPredictions subset(int[] utterances) {
        int c = labels.size();
        String[] ids = new String[utterances.length];
        int[] t = new int[utterances.length];
        int[] f = new int[utterances.length];
        TestColumn[] col = new TestColumn[utterances.length];
        long[][] q = new long[quantised.length][utterances.length * c];
        double[][] raw = new double[quantised.length][utterances.length * c];
        for (int i = 0; i < utterances.length; i++) {
            int u = utterances[i];
            ids[i] = uttIds[u];
            t[i] = truth[u];
            f[i] = fold[u];
            col[i] = column[u];
            for (int s = 0; s < quantised.length; s++) {
                System.arraycopy(quantised[s], u * c, q[s], i * c, c);
                System.arraycopy(logits[s], u * c, raw[s], i * c, c);
            }
        }
        return new AlignedPredictions(names, labels, ids, t, f, col, q, raw);
    }

    /** Indices of the utterances that satisfy a condition on (fold, column). */
    public int[] where(java.util.function.BiPredicate<Integer, TestColumn> keep) {
        return java.util.stream.IntStream.range(0, uttIds.length).filter(u -> keep.test(fold[u], column[u])).toArray();
    }

    public int systems() {
        return quantised.length;
    }

    public int utterances() {
        return uttIds.length;
    }

    public int classes() {
        return labels.size();
    }

    public List<String> names() {
        return names;
    }

    public List<String> labels() {
        return labels;
    }

    public String uttId(int u) {
        return uttIds[u];
    }

    public int truth(int u) {
        return truth[u];
    }

    public int[] truths() {
        return truth.clone();
    }

    public int[] folds() {
        return fold.clone();
    }

    public TestColumn column(int u) {
        return column[u];
    }

    /** Quantised logits of system {@code s}, [utterance * C + class]. Shared, do not modify. */
    public long[] quantised(int s) {
        return quantised[s];
    }

    /** Logits as read of system {@code s}, [utterance * C + class]. Shared, do not modify. */
    public double[] logits(int s) {
        return logits[s];
    }

    /** Single-system predictions (argmax of the quantised logits, lowest index on ties). */
    public int[] predictions(int s) {
        int c = classes();
        int[] p = new int[utterances()];
        for (int u = 0; u < p.length; u++) {
            p[u] = Quantised.argmax(quantised[s], u * c, c);
        }
        return p;
    }
}
