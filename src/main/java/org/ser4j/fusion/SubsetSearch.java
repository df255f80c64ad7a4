package org.ser4j.fusion;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exhaustive, exact search of the best k-member subsets of n systems (late combination, docs/contracts.md §6), fast enough
 * for 30C9 = 14.3 M subsets over 5,531 utterances in seconds.
 *
 * <p>Why it is fast, and still exact:
 * <ul>
 * <li>Only correctness matters, so each utterance is held as three integer <em>slacks</em> (4 classes: truth minus
 * each competitor; fewer classes are padded with slacks that never fail): the truth's summed score minus the
 * competitor's, minus 1 for competitors with a lower class index (they win ties). The utterance is correct iff
 * every slack is &ge; 0, i.e. iff the bitwise OR of the slacks is non-negative.</li>
 * <li>Subsets are enumerated depth first in lexicographic order. A node keeps the list of utterances whose outcome
 * is still open, with their slacks so far. With r members still to come after system s, the slack can move by at
 * most r times the smallest/largest margin of the systems after s: utterances those bounds already fix are counted
 * (per child) and left out of the child's list. Unanimous utterances are decided once, at the root.</li>
 * <li>The bounds are exact per slack: the sums of the r smallest / largest margins among the systems after s,
 * precomputed for every r, so open lists shrink as early as a per-slack test allows.</li>
 * <li>Everything the inner loops read is int32 and compact: a list entry holds the utterance's root-list position and
 * its slacks together; margins and bounds are stored system-major. Each child is built by its own pass over the
 * parent's list with the counts in registers, and abandoned at the first utterance whose loss leaves it unable to
 * reach the top-K.</li>
 * <li>The last {@link #TAIL} members are enumerated densely ({@link Worker#denseTail}): at depth k - TAIL the open
 * slacks and the margins of every remaining candidate are copied into rows aligned with the list, and each subset
 * below is then a SIMD pass over whole rows (adds, ORs, shifts), once per class run. This replaced a sparse scan
 * with early abandon that rarely fired, since nearly every subset of correlated systems is close to the top-K;
 * measured on 30C9, one thread, same load: 25.5 s before, 15.5 s with TAIL 3 (23.4 s with 2, 18.2 s with 5).</li>
 * <li>Open utterances are ordered by class (each class is one run of every list, scored with one weight), then
 * fewest-single-systems-right first, so that children are abandoned early.</li>
 * <li>Branch and bound on the top-K: if even all open utterances turning out correct cannot reach the K-th best UAR
 * found so far (by any thread), the subtree is skipped. Only strictly lower UARs are pruned, so ties are still
 * ranked by WAR and member list.</li>
 * <li>Threads take the root's children (first members) from a shared counter, largest subtrees first.</li>
 * </ul>
 * int32 is exact when 1 + k * (largest |margin| of an open utterance) fits; otherwise, and for more than 4 classes,
 * the search falls back to {@link LongSlackSubsetSearch} (64-bit slacks). The result is the same as
 * {@link BruteForceSubsetSearch}'s, which the tests check bit for bit.
 */
public final class SubsetSearch {
    /** Slacks per utterance in the int kernel: C - 1 for 4 classes; fewer classes are padded. */
    private static final int Q = 3;
    /**
     * Members added by the dense tail ({@link Worker#denseTail}): nodes at depth k - TAIL switch from sparse lists
     * to dense rows. 3 was measured faster than 2 (one thread, 30C9, same load): fewer lists to build and copy.
     */
    static final int TAIL = Integer.getInteger("ser4j.tail", 3);
    /** Ints per list entry: root-list position and the Q slacks. */
    private static final int E = 1 + Q;

    private final ScoreTable table;
    private final int n;
    private final int q;
    private final int u;
    /** [s][u * q + j]: score of the truth minus the score of competitor j for system s. */
    private final long[][] margin;
    /** [u * q + j]: the starting slack, -1 when competitor j has a lower class index than the truth. */
    private final long[] base;
    /** [u]: UAR key contributed by the utterance when it is correct. */
    private final long[] weight;
    /** [u * q + j]: smallest / largest margin over all systems (decides utterances at the root). */
    private final long[] allMin;
    private final long[] allMax;
    private final ExactUar exact;
    private final int maxExactDepth;

    /**
     * Counters of one search, for benchmarks and logs. {@code cpuSeconds} sums the CPU time of every thread;
     * {@code criticalCpuSeconds} is the root sweep plus the busiest worker, what the wall time would be with one
     * free core per thread. {@code longFallback} tells that the 64-bit fallback ran.
     */
    public record Stats(long subsets, long leafScans, long descendScans, long prunedNodes, int rootUndecided,
                        double cpuSeconds, double criticalCpuSeconds, boolean longFallback) {}

    /** The best subsets and counters of one search. */
    public record Result(List<SubsetScore> best, Stats stats) {}

    public SubsetSearch(ScoreTable table) {
        this(table, Integer.MAX_VALUE);
    }

    /**
     * @param maxExactDepth the deepest r for which exact bound tables are kept (they are also capped at 128 MB);
     *                      past it the bounds fall back to r times the one-member bounds. Tests lower it to reach
     *                      that path on small tables.
     */
    SubsetSearch(ScoreTable table, int maxExactDepth) {
        this.maxExactDepth = maxExactDepth;
        this.table = table;
        this.n = table.systems();
        int c = table.classes();
        this.q = c - 1;
        this.u = table.utterances();
        this.exact = new ExactUar(table.truthArray(), c);
        margin = new long[n][u * q];
        base = new long[u * q];
        weight = new long[u];
        allMin = new long[u * q];
        allMax = new long[u * q];
        Arrays.fill(allMin, Long.MAX_VALUE);
        Arrays.fill(allMax, Long.MIN_VALUE);
        for (int i = 0; i < u; i++) {
            int t = table.truth(i);
            weight[i] = exact.classWeight[t];
            for (int j = 0; j < q; j++) {
                int comp = j < t ? j : j + 1;
                int x = i * q + j;
                base[x] = comp < t ? -1 : 0;
                for (int s = 0; s < n; s++) {
                    long[] sc = table.scores(s);
                    long v = Math.subtractExact(sc[i * c + t], sc[i * c + comp]);
                    margin[s][x] = v;
                    allMin[x] = Math.min(allMin[x], v);
                    allMax[x] = Math.max(allMax[x], v);
                }
            }
        }
    }

    public ScoreTable table() {
        return table;
    }

    double uar(long key) {
        return exact.uar(key);
    }

    double war(long correct) {
        return exact.war(correct);
    }

    /** The best {@code top} subsets of size {@code k}, best first, using {@code threads} threads. */
    public List<SubsetScore> search(int k, int top, int threads) {
        return run(k, top, threads).best;
    }

    /** As {@link #search} and also the counters. */
    public Result run(int k, int top, int threads) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in 1.." + n + ", got " + k);
        }
        if (top < 1) {
            throw new IllegalArgumentException("top must be >= 1, got " + top);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        // Root: decide what k members from all n systems cannot change (exact in 64 bits).
        int[] rootIdx = new int[u];
        long rootKey = 0;
        long rootCorrect = 0;
        int m = 0;
        long maxAbs = 0;
        for (int i = 0; i < u; i++) {
            boolean wrong = false;
            boolean sure = true;
            for (int j = 0; j < q; j++) {
                int x = i * q + j;
                if (base[x] + k * allMax[x] < 0) {
                    wrong = true;
                }
                if (base[x] + k * allMin[x] < 0) {
                    sure = false;
                }
            }
            if (!wrong && sure) {
                rootKey += weight[i];
                rootCorrect++;
            } else if (!wrong) {
                rootIdx[m++] = i;
                for (int j = 0; j < q; j++) {
                    maxAbs = Math.max(maxAbs, Math.max(Math.abs(allMin[i * q + j]), Math.abs(allMax[i * q + j])));
                }
            }
        }
        // Every int the kernel forms is a starting slack (0 or -1) plus at most k margins or margin bounds.
        if (q > Q || (double) k * maxAbs + 1 > Integer.MAX_VALUE) {
            return new LongSlackSubsetSearch(table).run(k, top, threads);
        }
        rootIdx = byClassThenLikelyWrongFirst(rootIdx, m);
        Kernel kernel = new Kernel(rootIdx, m, k);
        AtomicLong sharedThreshold = new AtomicLong(Long.MIN_VALUE);
        Worker main = new Worker(kernel, top, sharedThreshold);
        long rootOpen = 0;
        int[] rootList = new int[m * E];
        for (int p = 0; p < m; p++) {
            rootList[p * E] = p;
            for (int j = 0; j < q; j++) {
                rootList[p * E + 1 + j] = (int) base[rootIdx[p] * q + j];
            }
            rootOpen += kernel.weight[p];
        }
        if (k <= TAIL) {
            // At most C(n, TAIL) subsets: the root's own dense tail, on one thread.
            main.denseTail(0, rootList, 0, m, rootKey, rootCorrect, rootOpen);
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            return new Result(main.best.sorted(), new Stats(binomial(n, k), main.leafScans, main.descendScans,
                    main.pruned, m, cpu / 1e9, cpu / 1e9, false));
        }
        // The root's children (first members) are built once, then shared read-only by the workers.
        Level first = main.childrenOf(0, rootList, 0, m, rootKey, rootCorrect, rootOpen, 0);
        long rootCpu = mx.getCurrentThreadCpuTime() - cpu0;
        AtomicInteger next = new AtomicInteger();
        int workers = Math.max(1, Math.min(threads, first.count));
        List<Worker> ws = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            ws.add(new Worker(kernel, top, sharedThreshold));
        }
        Runnable[] jobs = new Runnable[workers];
        for (int w = 0; w < workers; w++) {
            Worker wk = ws.get(w);
            jobs[w] = () -> {
                long c0 = mx.getCurrentThreadCpuTime();
                int i;
                while ((i = next.getAndIncrement()) < first.count) {
                    wk.visit(first, i, 0);
                }
                wk.cpuNanos = mx.getCurrentThreadCpuTime() - c0;
            };
        }
        runAll(jobs);
        TopK merged = new TopK(top);
        long leafScans = 0;
        long descendScans = main.descendScans;
        long pruned = 0;
        long cpu = rootCpu;
        long maxCpu = 0;
        for (Worker w : ws) {
            cpu += w.cpuNanos;
            maxCpu = Math.max(maxCpu, w.cpuNanos);
            descendScans += w.descendScans;
            merged.addAll(w.best);
            leafScans += w.leafScans;
            pruned += w.pruned;
        }
        return new Result(merged.sorted(), new Stats(binomial(n, k), leafScans, descendScans, pruned, m, cpu / 1e9,
                (rootCpu + maxCpu) / 1e9, false));
    }

    /**
     * Orders the open utterances by true class (so that every list, which keeps this order, holds each class as one
     * run: the dense pair sweep counts each run with one weight), then those fewest single systems get right first.
     * Any order is exact; the second key lets the early-abandon check abandon hopeless children sooner, because
     * their reachable score falls fastest at the start of a run.
     */
    private int[] byClassThenLikelyWrongFirst(int[] rootIdx, int m) {
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

    private static void runAll(Runnable[] jobs) {
        if (jobs.length == 1) {
            jobs[0].run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(jobs.length, r -> {
            Thread t = new Thread(r, "subset-search");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Runnable j : jobs) {
                fs.add(pool.submit(j));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("subset search interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("subset search failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    static long binomial(int n, int k) {
        long r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return r;
    }

    /**
     * The int32 data of the utterances open at the root, indexed by their position p in the root list.
     * {@code leaf[(s * m + p) * Q ..]}: the Q margins of system s. System-major, because most nodes of the tree are deep and only read the last
     * few systems: their working set is those systems' slices (a few hundred KB, cache-resident), where an
     * utterance-major layout (contiguous over systems) had every utterance of a sparse list miss the cache.
     */
    private final class Kernel {
        final int k;
        final int m;
        final long[] weight;
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

        Kernel(int[] rootIdx, int m, int k) {
            this.k = k;
            this.m = m;
            weight = new long[m];
            leaf = new int[m * n * Q];
            long perTable = (long) m * n * 2 * Q;
            exactUpTo = (int) Math.max(1, Math.min(k - 1, Math.min(maxExactDepth, (1L << 25) / Math.max(1, perTable))));
            bound = new int[exactUpTo + 1][];
            for (int r = 1; r <= exactUpTo; r++) {
                bound[r] = new int[m * n * 2 * Q];
            }
            int classes = table.classes();
            classEnd = new int[classes];
            long[] sorted = new long[n];
            for (int p = 0; p < m; p++) {
                int i = rootIdx[p];
                weight[p] = SubsetSearch.this.weight[i];
                for (int c = table.truth(i); c < classes; c++) {
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
                        long v = margin[s][i * q + j];
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
        }
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
    private final class Worker {
        final Kernel kn;
        final int k;
        final long[] w;
        final int[] leaf;
        final int[][] bound;
        final TopK best;
        final AtomicLong shared;
        /** levels[d]: the children of the current node at depth d - 1 (they are at depth d). */
        final Level[] levels;
        final int[] stack;
        long leafScans;
        long descendScans;
        /** The UAR key and correct count with every open utterance right, and the top-K bar, of the current tail. */
        long tailKey0;
        long tailCorrect0;
        long tailThreshold;
        long pruned;
        long cpuNanos;
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

        Worker(Kernel kn, int top, AtomicLong shared) {
            this.kn = kn;
            this.k = kn.k;
            this.w = kn.weight;
            this.bound = kn.bound;
            this.leaf = kn.leaf;
            this.best = new TopK(top);
            this.shared = shared;
            levels = new Level[k + 1];
            for (int d = 0; d <= k; d++) {
                levels[d] = new Level();
            }
            stack = new int[k];
            runStart = new int[kn.classEnd.length + 1];
            sums = new int[TAIL][Q][0];
        }

        private long threshold() {
            long local = best.thresholdKey();
            long global = shared.get();
            if (local > global) {
                // Publish only improvements: an unconditional CAS would bounce the cache line between threads.
                shared.accumulateAndGet(local, Math::max);
                return local;
            }
            return global;
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
