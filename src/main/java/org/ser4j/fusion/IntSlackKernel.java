package org.ser4j.fusion;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The int32 kernel of {@link SubsetSearch}: open utterances as 3 int slacks each (4 classes; fewer are padded), exact
 * per-depth bounds, children built by branch-free sweeps, and the last {@link #TAIL} members enumerated densely. The
 * search uses it when every int it forms fits (1 + k * the largest |margin| of an open utterance). The threads take the
 * root's children (first members), built once by {@link #prepare} and then shared read-only.
 */
final class IntSlackKernel implements SubsetSearch.Kernel {
    /** Slacks per utterance in the int kernel: C - 1 for 4 classes; fewer classes are padded. */
    static final int Q = 3;
    /**
     * Members added by the dense tail ({@link Worker#denseTail}): nodes at depth k - TAIL switch from sparse lists
     * to dense rows. 3 was measured faster than 2 (one thread, 30C9, same load): fewer lists to build and copy.
     */
    static final int TAIL = Integer.getInteger("ser4j.tail", 3);
    /** Ints per list entry: root-list position and the Q slacks. */
    private static final int E = 1 + Q;

    private final int n;
    private final int q;
    private final ExactUar exact;
    /** The root's open utterances as list entries (position, Q slacks), and what the root decided. */
    private final int[] rootList;
    private final long rootKey;
    private final long rootCorrect;
    private final long rootOpen;
    /** The root's children, built by {@link #prepare}: the work items. */
    private Level first;

    // The int32 data of the utterances open at the root, indexed by their position p in the root list.
    final int k;
    final int m;
    final long[] weight;
    /**
     * leaf[(s * m + p) * Q ..]: the Q margins of system s. System-major, because most nodes of the tree are deep and
     * only read the last few systems: their working set is those systems' slices (a few hundred KB, cache-resident),
     * where an utterance-major layout (contiguous over systems) had every utterance of a sparse list miss the cache.
     */
    final int[] leaf;
    /**
     * bound[r][(s * m + p) * 2Q ..]: the Q sums of the r smallest, then of the r largest margins over systems
     * s+1..n-1, the exact range of what r members still to come can add. Kept for r up to {@link #exactUpTo}
     * (memory); beyond that r times the r = 1 bounds, looser but still safe.
     */
    final int[][] bound;
    final int exactUpTo;
    /** classEnd[c]: one past the last root-list position of class c (the root list is ordered by class). */
    final int[] classEnd;

    IntSlackKernel(SubsetSearch search, SubsetSearch.Root root) {
        this.n = search.n;
        this.q = search.q;
        this.exact = search.exact;
        this.k = root.k();
        this.m = root.m();
        int[] rootIdx = byClassThenLikelyWrongFirst(search, root.open(), m);
        weight = new long[m];
        leaf = new int[m * n * Q];
        long perTable = (long) m * n * 2 * Q;
        exactUpTo = (int) Math.max(1, Math.min(k - 1,
                Math.min(search.maxExactDepth, (1L << 25) / Math.max(1, perTable))));
        bound = new int[exactUpTo + 1][];
        for (int r = 1; r <= exactUpTo; r++) {
            bound[r] = new int[m * n * 2 * Q];
        }
        int classes = search.table.classes();
        classEnd = new int[classes];
        long[] sorted = new long[n];
        for (int p = 0; p < m; p++) {
            int i = rootIdx[p];
            weight[p] = search.weight[i];
            for (int c = search.table.truth(i); c < classes; c++) {
                classEnd[c] = p + 1;
            }
            // Padded slacks (fewer than 4 classes) stay 0: margin 0 and bounds 0 never make anything wrong.
            for (int j = 0; j < q; j++) {
                int size = 0; // sorted[0..size): margins of systems s+1..n-1, ascending
                for (int s = n - 1; s >= 0; s--) {
                    int o = (s * m + p) * 2 * Q;
                    long lo = 0;
                    long hi = 0;
                    for (int r = 1; r <= Math.min(exactUpTo, size); r++) {
                        lo += sorted[r - 1];
                        hi += sorted[size - r];
                        bound[r][o + j] = (int) lo;
                        bound[r][o + Q + j] = (int) hi;
                    }
                    long v = search.margin[s][i * q + j];
                    leaf[(s * m + p) * Q + j] = (int) v;
                    int at = size++;
                    while (at > 0 && sorted[at - 1] > v) {
                        sorted[at] = sorted[at - 1];
                        at--;
                    }
                    sorted[at] = v;
                }
            }
        }
        rootList = new int[m * E];
        long open = 0;
        for (int p = 0; p < m; p++) {
            rootList[p * E] = p;
            for (int j = 0; j < q; j++) {
                rootList[p * E + 1 + j] = (int) search.base[rootIdx[p] * q + j];
            }
            open += weight[p];
        }
        rootKey = root.key();
        rootCorrect = root.correct();
        rootOpen = open;
    }

    @Override
    public SubsetSearch.Visitor visitor(int top, AtomicLong shared) {
        return new Worker(top, shared);
    }

    @Override
    public int prepare(SubsetSearch.Visitor root) {
        Worker main = (Worker) root;
        if (k <= TAIL) {
            // At most C(n, TAIL) subsets: the root's own dense tail, on this thread.
            main.denseTail(0, rootList, 0, m, rootKey, rootCorrect, rootOpen);
            return 0;
        }
        first = main.childrenOf(0, rootList, 0, m, rootKey, rootCorrect, rootOpen, 0);
        return first.count;
    }

    @Override
    public boolean longSlacks() {
        return false;
    }

    /**
     * Orders the open utterances by true class (so that every list, which keeps this order, holds each class as one
     * run: the dense pair sweep counts each run with one weight), then those fewest single systems get right first.
     * Any order is exact; the second key lets the early-abandon check abandon hopeless children sooner, because
     * their reachable score falls fastest at the start of a run.
     */
    private int[] byClassThenLikelyWrongFirst(SubsetSearch search, int[] rootIdx, int m) {
        int u = search.u;
        long[] base = search.base;
        long[][] margin = search.margin;
        ScoreTable table = search.table;
        double[] score = new double[u];
        Integer[] order = new Integer[m];
        for (int p = 0; p < m; p++) {
            int i = rootIdx[p];
            double sum = 0;
            for (int s = 0; s < n; s++) {
                long worst = Long.MAX_VALUE;
                for (int j = 0; j < q; j++) {
                    worst = Math.min(worst, base[i * q + j] + margin[s][i * q + j]);
                }
                sum += worst >= 0 ? 1 : 0;
            }
            score[i] = sum / n;
            order[p] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Integer.compare(table.truth(a), table.truth(b));
            return c != 0 ? c : Double.compare(score[a], score[b]);
        });
        int[] out = new int[m];
        for (int p = 0; p < m; p++) {
            out[p] = order[p];
        }
        return out;
    }

    /**
     * The children of one node, built by one sweep: child i adds system {@code from + i}; its open list is
     * {@code list[start(i) .. start(i) + size[i] * E)}, and key/correct count the utterances it already decided
     * correct; open is the UAR key of its open utterances.
     */
    private static final class Level {
        int[] list = new int[0];
        int count;
        int from;
        int stride;
        int[] size = new int[0];
        long[] key = new long[0];
        long[] correct = new long[0];
        long[] open = new long[0];

        void reset(int count, int from, int parentSize) {
            this.count = count;
            this.from = from;
            this.stride = parentSize * E;
            long need = (long) count * stride;
            if (need > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("subset search lists too large: " + need);
            }
            if (list.length < need) {
                list = new int[(int) Math.max(need, Math.min(Integer.MAX_VALUE - 8, list.length * 3L / 2))];
            }
            if (size.length < count) {
                size = new int[count];
                key = new long[count];
                correct = new long[count];
                open = new long[count];
            }
        }

        int start(int i) {
            return i * stride;
        }
    }

    /** One thread's depth-first search, with its own lists per depth and its own top-K. */
    private final class Worker extends SubsetSearch.Visitor {
        final IntSlackKernel kn = IntSlackKernel.this;
        final int k;
        final long[] w;
        final int[] leaf;
        final int[][] bound;
        /** levels[d]: the children of the current node at depth d - 1 (they are at depth d). */
        final Level[] levels;
        final int[] stack;
        /** The UAR key and correct count with every open utterance right, and the top-K bar, of the current tail. */
        long tailKey0;
        long tailCorrect0;
        long tailThreshold;
        /**
         * Dense buffers of the tail: the list's root positions; sums[l][j]: slack j with l tail members added (l = 0:
         * the node's own slacks); rows: every candidate's margins aligned with the list.
         */
        int[] densePos = new int[0];
        final int[][][] sums;
        int[] rows0 = new int[0];
        int[] rows1 = new int[0];
        int[] rows2 = new int[0];
        final int[] runStart;

        Worker(int top, AtomicLong shared) {
            super(top, shared);
            this.k = kn.k;
            this.w = kn.weight;
            this.bound = kn.bound;
            this.leaf = kn.leaf;
            levels = new Level[k + 1];
            for (int d = 0; d <= k; d++) {
                levels[d] = new Level();
            }
            stack = new int[k];
            runStart = new int[kn.classEnd.length + 1];
            sums = new int[TAIL][Q][0];
        }

        @Override
        void visit(int item) {
            visit(first, item, 0);
        }

        /** Child i of {@code lv} (a node at depth d + 1, member d = lv.from + i): prune or expand. */
        void visit(Level lv, int i, int d) {
            if (lv.key[i] + lv.open[i] < threshold()) {
                pruned++;
                return;
            }
            int s = lv.from + i;
            stack[d] = s;
            int depth = d + 1;
            if (depth == k - TAIL) {
                denseTail(depth, lv.list, lv.start(i), lv.size[i], lv.key[i], lv.correct[i], lv.open[i]);
                return;
            }
            Level children = childrenOf(depth, lv.list, lv.start(i), lv.size[i], lv.key[i], lv.correct[i], lv.open[i],
                    s + 1);
            for (int c = 0; c < children.count; c++) {
                visit(children, c, depth);
            }
        }

        /**
         * Builds the children of a node at depth d (its open list: {@code len} entries at {@code off}, open weight
         * {@code open0}), systems {@code from .. n-k+d}. For each child: each open utterance's slacks plus the
         * child's margins; what the r = k-d-1 members still to come can no longer change is counted and dropped.
         * Branch-free but for the abandon exit (taken once), because the outcomes of open utterances are coin flips
         * and mispredicted branches dominated.
         * A child is abandoned (marked pruned) as soon as even all the rest being correct could not
         * lift it to the top-K.
         */
        Level childrenOf(int d, int[] list, int off, int len, long key0, long correct0, long open0, int from) {
            int r = k - d - 1;
            int count = n - k + d - from + 1;
            Level out = levels[d + 1];
            out.reset(count, from, len);
            int[] dst = out.list;
            int[] t = leaf;
            // Past the exact tables, r times the one-member bounds: r times the smallest (largest) margin is a
            // valid floor (ceiling) for the sum of any r margins. (r times a deeper table would not be.)
            boolean exactR = r <= kn.exactUpTo;
            int[] b = bound[exactR ? r : 1];
            int mul = exactR ? 1 : r;
            int m = kn.m;
            int end = off + len * E;
            long thr = threshold();
            long scans = 0;
            for (int i = 0; i < count; i++) {
                int so = (from + i) * m;
                long key = key0;
                long correct = correct0;
                long open = 0;
                long lost = 0;
                // The weight that may still turn out wrong before the child can no longer reach the top-K.
                long gap = key0 + open0 - Math.max(thr, 0); // keys are >= 0; MIN_VALUE would overflow
                boolean abandoned = gap < 0;
                int c = i * out.stride;
                int a = off;
                if (!abandoned) {
                    for (; a < end; a += E) {
                        int p = list[a];
                        int o = (so + p) * Q;
                        int ob = o * 2;
                        int v0 = list[a + 1] + t[o];
                        int v1 = list[a + 2] + t[o + 1];
                        int v2 = list[a + 3] + t[o + 2];
                        int wrong = ((v0 + mul * b[ob + 3]) | (v1 + mul * b[ob + 4]) | (v2 + mul * b[ob + 5])) >> 31;
                        int unsure = ((v0 + mul * b[ob]) | (v1 + mul * b[ob + 1]) | (v2 + mul * b[ob + 2])) >> 31
                                & ~wrong;
                        int sure = ~(wrong | unsure);
                        long wp = w[p];
                        key += wp & sure;
                        correct -= sure;
                        open += wp & unsure;
                        lost += wp & wrong;
                        dst[c] = p;
                        dst[c + 1] = v0;
                        dst[c + 2] = v1;
                        dst[c + 3] = v2;
                        c += unsure & E;
                        if (lost > gap) {
                            abandoned = true;
                            a += E;
                            break;
                        }
                    }
                }
                scans += (a - off) / E;
                out.key[i] = key;
                out.correct[i] = correct;
                out.size[i] = (c - i * out.stride) / E;
                // An abandoned child keeps an open weight that fails the visit's test.
                out.open[i] = abandoned ? Long.MIN_VALUE / 4 : open;
            }
            descendScans += scans;
            return out;
        }

        /**
         * A node at depth k - t (t = {@link #TAIL} or k if smaller; open list {@code len} entries at {@code off}):
         * scores every subset below it exactly, all t-combinations of the systems after its last member. The open
         * utterances' slacks and every candidate's margins are first copied into dense rows aligned with the list;
         * from then on each level adds one candidate's row to the running slacks, and each subset is one pass of adds,
         * ORs and shifts over whole rows per class run, which C2 compiles to SIMD code. Measured (one thread, loaded
         * machine): 0.45-0.6 ns per utterance and subset, against about 7 ns for the scalar scan of a sparse list,
         * whose early abandon rarely fires because almost every subset of correlated systems lands close to the
         * top-K. Tails longer than 3 would scan longer lists (fewer utterances decided) for fewer copies.
         */
        void denseTail(int d, int[] list, int off, int len, long key0, long correct0, long open0) {
            int from = from(d);
            int cands = n - from;
            int t = k - d;
            if (cands < t || key0 + open0 < threshold()) {
                return;
            }
            ensureDenseBuffers(len, cands, t);
            int[] pos = densePos;
            int[][] base = sums[0];
            for (int i = 0, a = off; i < len; i++, a += E) {
                pos[i] = list[a];
                base[0][i] = list[a + 1];
                base[1][i] = list[a + 2];
                base[2][i] = list[a + 3];
            }
            // Class runs of the list (the root order is by class): [runStart[c], runStart[c + 1]).
            int classes = kn.classEnd.length;
            int at = 0;
            for (int c = 0; c < classes; c++) {
                runStart[c] = at;
                int end = kn.classEnd[c];
                while (at < len && pos[at] < end) {
                    at++;
                }
            }
            runStart[classes] = len;
            int[] lf = leaf;
            int m = kn.m;
            for (int s = from; s < n; s++) {
                int row = (s - from) * len;
                int col = s * m;
                for (int i = 0; i < len; i++) {
                    int o = (col + pos[i]) * Q;
                    rows0[row + i] = lf[o];
                    rows1[row + i] = lf[o + 1];
                    rows2[row + i] = lf[o + 2];
                }
            }
            descendScans += (long) len * cands;
            tailKey0 = key0 + open0;
            tailCorrect0 = correct0 + len;
            tailThreshold = threshold();
            tailLevel(d, 0, t, from, from, len);
        }

        /**
         * Level {@code level} of a dense tail rooted at depth {@code d0} with candidates from {@code from}: adds each
         * system from {@code first} on to the running slacks {@code sums[level]}, down to the last member.
         */
        private void tailLevel(int d0, int level, int t, int from, int first, int len) {
            int[][] cur = sums[level];
            int depth = d0 + level;
            if (level == t - 1) {
                int classes = kn.classEnd.length;
                for (int s = first; s < n; s++) {
                    int row = (s - from) * len;
                    long lost = 0;
                    int wrong = 0;
                    for (int c = 0; c < classes; c++) {
                        int bad = countWrong(cur, row, runStart[c], runStart[c + 1]);
                        lost += bad * exact.classWeight[c];
                        wrong += bad;
                    }
                    leafScans += len;
                    long key = tailKey0 - lost;
                    if (key >= tailThreshold) {
                        stack[depth] = s;
                        best.offer(key, tailCorrect0 - wrong, stack, k);
                        tailThreshold = Math.max(tailThreshold, threshold());
                    }
                }
                return;
            }
            int[][] next = sums[level + 1];
            for (int s = first; s <= n - (t - level); s++) {
                int row = (s - from) * len;
                addRow(cur, next, row, len);
                stack[depth] = s;
                tailLevel(d0, level + 1, t, from, s + 1, len);
            }
        }

        /** next = cur + the candidate rows starting at {@code row}, slack by slack (a SIMD loop each). */
        private void addRow(int[][] cur, int[][] next, int row, int len) {
            int[] a0 = cur[0];
            int[] a1 = cur[1];
            int[] a2 = cur[2];
            int[] n0 = next[0];
            int[] n1 = next[1];
            int[] n2 = next[2];
            for (int i = 0; i < len; i++) {
                n0[i] = a0[i] + rows0[row + i];
            }
            for (int i = 0; i < len; i++) {
                n1[i] = a1[i] + rows1[row + i];
            }
            for (int i = 0; i < len; i++) {
                n2[i] = a2[i] + rows2[row + i];
            }
        }

        /** Utterances in [lo, hi) left wrong by the running slacks {@code cur} plus the candidate rows at row. */
        private int countWrong(int[][] cur, int row, int lo, int hi) {
            int[] a0 = cur[0];
            int[] a1 = cur[1];
            int[] a2 = cur[2];
            int[] b0 = rows0;
            int[] b1 = rows1;
            int[] b2 = rows2;
            int bad = 0;
            for (int i = lo; i < hi; i++) {
                bad += ((a0[i] + b0[row + i]) | (a1[i] + b1[row + i]) | (a2[i] + b2[row + i])) >>> 31;
            }
            return bad;
        }

        private void ensureDenseBuffers(int len, int cands, int t) {
            if (densePos.length < len) {
                int cap = Math.max(len, densePos.length * 3 / 2);
                densePos = new int[cap];
                for (int l = 0; l < sums.length; l++) {
                    sums[l] = new int[Q][cap];
                }
            }
            long need = (long) len * cands;
            if (rows0.length < need) {
                int cap = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, rows0.length * 3L / 2));
                rows0 = new int[cap];
                rows1 = new int[cap];
                rows2 = new int[cap];
            }
        }

        /** First candidate system at depth d: one after the last member chosen. */
        private int from(int d) {
            return d == 0 ? 0 : stack[d - 1] + 1;
        }
    }
}
