package org.ser4j.fusion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.ser4j.eval.PredictionRow;
import org.ser4j.eval.PredictionTable;

/**
 * An independent reference for the full-size check: the best k-subset of system folders by plain enumeration,
 * sharing nothing with {@link SubsetSearch} but the CSV reader. It reads each folder's test rows, quantises the logits
 * itself (round(x * 1e6), docs/contracts.md §6), sums the members' integers for every subset (prefix sums in lexicographic
 * order), takes the argmax with the lowest class index on ties, and ranks by UAR compared as exact cross products,
 * then correct count, then member list. The only shortcut: an utterance on which every system's argmax is the same
 * class has that argmax for every subset (each system's scores satisfy the argmax inequalities, so their sum does
 * too), so it is counted once instead of per subset.
 */
public final class PlainBruteForce {
    private PlainBruteForce() {}

    /** The best subset: members in path order, correct count per class, and the class totals. */
    public record Best(int[] members, long[] correctPerClass, long[] classTotal) {
        public double uar() {
            double s = 0;
            int present = 0;
            for (int c = 0; c < classTotal.length; c++) {
                if (classTotal[c] > 0) {
                    s += (double) correctPerClass[c] / classTotal[c];
                    present++;
                }
            }
            return s / present;
        }

        public long correct() {
            return Arrays.stream(correctPerClass).sum();
        }
    }

    public static Best best(List<Path> systemDirs, int k, int threads) throws IOException {
        List<Path> dirs = new ArrayList<>(systemDirs);
        dirs.sort(Comparator.naturalOrder());
        int n = dirs.size();
        List<String> labels = null;
        List<PredictionRow> first = null;
        long[][] q = new long[n][];
        for (int s = 0; s < n; s++) {
            PredictionTable t = PredictionTable.read(dirs.get(s).resolve("predictions.csv")).split("test");
            List<PredictionRow> rows = new ArrayList<>(t.rows());
            rows.sort(Comparator.comparing(PredictionRow::uttId));
            if (labels == null) {
                labels = t.labels();
                first = rows;
            }
            int c = labels.size();
            q[s] = new long[rows.size() * c];
            for (int i = 0; i < rows.size(); i++) {
                if (!rows.get(i).uttId().equals(first.get(i).uttId())) {
                    throw new IllegalArgumentException(dirs.get(s) + ": utterances differ from the first system");
                }
                for (int j = 0; j < c; j++) {
                    q[s][i * c + j] = Math.round(rows.get(i).logits()[j] * 1e6);
                }
            }
        }
        int c = labels.size();
        int u = first.size();
        int[] truth = new int[u];
        long[] classTotal = new long[c];
        for (int i = 0; i < u; i++) {
            truth[i] = labels.indexOf(first.get(i).emotion());
            classTotal[truth[i]]++;
        }
        long[] constant = new long[c];
        List<Integer> disputed = new ArrayList<>();
        for (int i = 0; i < u; i++) {
            int a0 = argmax(q[0], i * c, c);
            boolean same = true;
            for (int s = 1; s < n && same; s++) {
                same = argmax(q[s], i * c, c) == a0;
            }
            if (!same) {
                disputed.add(i);
            } else if (a0 == truth[i]) {
                constant[a0]++;
            }
        }
        int d = disputed.size();
        long[][] sc = new long[n][d * c];
        int[] dt = new int[d];
        for (int x = 0; x < d; x++) {
            int i = disputed.get(x);
            dt[x] = truth[i];
            for (int s = 0; s < n; s++) {
                System.arraycopy(q[s], i * c, sc[s], x * c, c);
            }
        }
        // Threads take first members; each keeps its own best, merged at the end in the same ranking.
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Best>> fs = new ArrayList<>();
            for (int m0 = 0; m0 <= n - k; m0++) {
                int firstMember = m0;
                fs.add(pool.submit(() -> bestFrom(firstMember, sc, dt, c, n, k, constant, classTotal)));
            }
            Best best = null;
            for (Future<Best> f : fs) {
                best = better(best, f.get(), classTotal);
            }
            return best;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Best bestFrom(int m0, long[][] sc, int[] truth, int c, int n, int k, long[] constant,
                                 long[] classTotal) {
        int d = truth.length;
        long[][] prefix = new long[k][d * c];
        int[] members = new int[k];
        Search st = new Search(sc, truth, c, n, k, constant, classTotal, members, prefix);
        members[0] = m0;
        if (k == 1) {
            st.score(new long[d * c], sc[m0]);
        } else {
            System.arraycopy(sc[m0], 0, prefix[0], 0, d * c);
            st.enumerate(1);
        }
        return st.best;
    }

    /** One thread's enumeration below a first member; keeps the first best seen (lexicographic order = tie rule). */
    private static final class Search {
        final long[][] sc;
        final int[] truth;
        final int c;
        final int n;
        final int k;
        final long[] constant;
        final long[] classTotal;
        final int[] members;
        /** prefix[depth - 1]: the summed scores of members[0..depth). */
        final long[][] prefix;
        final long[] product;
        final long[] correct;
        Best best;
        long bestNumerator = -1;
        long bestCorrect = -1;

        Search(long[][] sc, int[] truth, int c, int n, int k, long[] constant, long[] classTotal, int[] members,
               long[][] prefix) {
            this.sc = sc;
            this.truth = truth;
            this.c = c;
            this.n = n;
            this.k = k;
            this.constant = constant;
            this.classTotal = classTotal;
            this.members = members;
            this.prefix = prefix;
            this.correct = new long[c];
            this.product = new long[c];
            for (int a = 0; a < c; a++) {
                long p = 1;
                for (int j = 0; j < c; j++) {
                    if (j != a && classTotal[j] > 0) {
                        p = Math.multiplyExact(p, classTotal[j]);
                    }
                }
                product[a] = classTotal[a] > 0 ? p : 0;
            }
        }

        void enumerate(int depth) {
            long[] from = prefix[depth - 1];
            for (int s = members[depth - 1] + 1; s <= n - k + depth; s++) {
                members[depth] = s;
                long[] add = sc[s];
                if (depth == k - 1) {
                    score(from, add);
                    continue;
                }
                long[] to = prefix[depth];
                for (int x = 0; x < to.length; x++) {
                    to[x] = from[x] + add[x];
                }
                enumerate(depth + 1);
            }
        }

        private void score(long[] from, long[] add) {
            System.arraycopy(constant, 0, correct, 0, c);
            for (int x = 0; x < truth.length; x++) {
                int o = x * c;
                int arg = 0;
                long max = from[o] + add[o];
                for (int j = 1; j < c; j++) {
                    long v = from[o + j] + add[o + j];
                    if (v > max) {
                        max = v;
                        arg = j;
                    }
                }
                if (arg == truth[x]) {
                    correct[arg]++;
                }
            }
            long num = 0;
            long total = 0;
            for (int a = 0; a < c; a++) {
                num = Math.addExact(num, Math.multiplyExact(correct[a], product[a]));
                total += correct[a];
            }
            // Strictly better only: an equal subset seen earlier has the smaller member list.
            if (num > bestNumerator || num == bestNumerator && total > bestCorrect) {
                bestNumerator = num;
                bestCorrect = total;
                best = new Best(members.clone(), correct.clone(), classTotal);
            }
        }
    }

    private static int argmax(long[] v, int off, int c) {
        int best = 0;
        for (int j = 1; j < c; j++) {
            if (v[off + j] > v[off + best]) {
                best = j;
            }
        }
        return best;
    }

    /** The better of two by UAR (exact: sum_c correct_c * prod_{j != c} N_j), then correct count, then members. */
    private static Best better(Best a, Best b, long[] classTotal) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        java.math.BigInteger ua = numerator(a, classTotal);
        java.math.BigInteger ub = numerator(b, classTotal);
        int cmp = ua.compareTo(ub);
        if (cmp == 0) {
            cmp = Long.compare(a.correct(), b.correct());
        }
        if (cmp == 0) {
            cmp = -Arrays.compare(a.members(), b.members());
        }
        return cmp >= 0 ? a : b;
    }

    private static java.math.BigInteger numerator(Best b, long[] classTotal) {
        java.math.BigInteger sum = java.math.BigInteger.ZERO;
        for (int c = 0; c < classTotal.length; c++) {
            if (classTotal[c] == 0) {
                continue;
            }
            java.math.BigInteger term = java.math.BigInteger.valueOf(b.correctPerClass()[c]);
            for (int j = 0; j < classTotal.length; j++) {
                if (j != c && classTotal[j] > 0) {
                    term = term.multiply(java.math.BigInteger.valueOf(classTotal[j]));
                }
            }
            sum = sum.add(term);
        }
        return sum;
    }
}
