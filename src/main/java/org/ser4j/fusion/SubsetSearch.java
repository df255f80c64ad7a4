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
 * Exhaustive, exact search of the best k-member subsets of n systems (late combination, contracts §6), fast enough
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
 * <li>All children of a node are built in <em>one</em> sweep over the node's list: for each utterance, a loop over
 * the candidate next systems reads that utterance's margins and bounds, stored per utterance contiguously over
 * systems as int32. The list is read once instead of once per child, and the per-system data is read sequentially
 * instead of gathered from one array per system; the same holds at the leaves, where one sweep scores every
 * completion of a (k-1)-prefix. This, not arithmetic, was the cost: the search is memory-bound.</li>
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
    /** Ints per list entry: root-list position and the Q slacks. */
    private static final int E = 1 + Q;
    /** Ints per (utterance, system) in the descent table: margins, then lower and upper bound of the suffix. */
    private static final int D = 3 * Q;
    static volatile int VARIANT = 0;

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
        if (k == 1) {
            main.leaves(0, rootList, 0, m, rootKey, rootCorrect, rootOpen);
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            return new Result(main.best.sorted(), new Stats(binomial(n, k), main.leafScans, main.descendScans,
                    main.pruned, m, cpu / 1e9, cpu / 1e9, false));
        }
        // The root's children (first members) are built once, then shared read-only by the workers.
        Level first = main.childrenOf(0, rootList, 0, m, rootKey, rootCorrect, 0);
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
     * {@code descent[(s * m + p) * D ..]}: the Q margins of system s, then the smallest and the largest margin over
     * systems s+1..n-1 (times r, the bounds of r members still to come). {@code leaf[(s * m + p) * Q ..]}: the margins
     * alone, all the leaf sweep reads. System-major, because most nodes of the tree are deep and only read the last
     * few systems: their working set is those systems' slices (a few hundred KB, cache-resident), where an
     * utterance-major layout had every utterance of a sparse list miss the cache.
     */
    private final class Kernel {
        final int k;
        final int m;
        final long[] weight;
        final int[] descent;
        final int[] leaf;

        Kernel(int[] rootIdx, int m, int k) {
            this.k = k;
            this.m = m;
            weight = new long[m];
            descent = new int[m * n * D];
            leaf = new int[m * n * Q];
            for (int p = 0; p < m; p++) {
                int i = rootIdx[p];
                weight[p] = SubsetSearch.this.weight[i];
                // Padded slacks (fewer than 4 classes) stay 0: margin 0 and bounds 0 never make anything wrong.
                for (int j = 0; j < q; j++) {
                    long lo = 0;
                    long hi = 0;
                    for (int s = n - 1; s >= 0; s--) {
                        int o = (s * m + p) * D;
                        descent[o + Q + j] = (int) lo;
                        descent[o + 2 * Q + j] = (int) hi;
                        int v = (int) margin[s][i * q + j];
                        descent[o + j] = v;
                        leaf[(s * m + p) * Q + j] = v;
                        lo = s == n - 1 ? v : Math.min(lo, v);
                        hi = s == n - 1 ? v : Math.max(hi, v);
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
        final int[] descent;
        final int[] leaf;
        final TopK best;
        final AtomicLong shared;
        /** levels[d]: the children of the current node at depth d - 1 (they are at depth d). */
        final Level[] levels;
        final int[] stack;
        /** Per candidate system of a leaf sweep. */
        final long[] leafKey;
        final long[] leafCorrect;
        long leafScans;
        long descendScans;
        long pruned;
        long cpuNanos;

        Worker(Kernel kn, int top, AtomicLong shared) {
            this.kn = kn;
            this.k = kn.k;
            this.w = kn.weight;
            this.descent = kn.descent;
            this.leaf = kn.leaf;
            this.best = new TopK(top);
            this.shared = shared;
            levels = new Level[k + 1];
            for (int d = 0; d <= k; d++) {
                levels[d] = new Level();
            }
            stack = new int[k];
            leafKey = new long[n];
            leafCorrect = new long[n];
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
            if (depth == k - 1) {
                leaves(depth, lv.list, lv.start(i), lv.size[i], lv.key[i], lv.correct[i], lv.open[i]);
                return;
            }
            Level children = childrenOf(depth, lv.list, lv.start(i), lv.size[i], lv.key[i], lv.correct[i], s + 1);
            for (int c = 0; c < children.count; c++) {
                visit(children, c, depth);
            }
        }

        /**
         * One sweep over a node at depth d (list of {@code len} entries at {@code off}) builds all its children,
         * systems {@code from .. n-k+d}: each open utterance's slacks plus the child's margins, then what the
         * r = k-d-1 members still to come can no longer change is counted and dropped. Branch-free, because the
         * outcomes of open utterances are coin flips and mispredicted branches dominated.
         */
        Level childrenOf(int d, int[] list, int off, int len, long key0, long correct0, int from) {
            int r = k - d - 1;
            int count = n - k + d - from + 1;
            Level out = levels[d + 1];
            out.reset(count, from, len);
            int[] dst = out.list;
            int[] size = out.size;
            long[] key = out.key;
            long[] correct = out.correct;
            long[] open = out.open;
            for (int i = 0; i < count; i++) {
                size[i] = i * out.stride; // write cursor while sweeping, turned into a size below
                key[i] = key0;
                correct[i] = correct0;
                open[i] = 0;
            }
            int[] t = descent;
            int m = kn.m;
            int step = m * D;
            for (int a = off, end = off + len * E; a < end; a += E) {
                int p = list[a];
                int s0 = list[a + 1];
                int s1 = list[a + 2];
                int s2 = list[a + 3];
                long wp = w[p];
                int o = (from * m + p) * D;
                for (int i = 0; i < count; i++, o += step) {
                    int v0 = s0 + t[o];
                    int v1 = s1 + t[o + 1];
                    int v2 = s2 + t[o + 2];
                    int wrong = ((v0 + r * t[o + 6]) | (v1 + r * t[o + 7]) | (v2 + r * t[o + 8])) >> 31;
                    int unsure = ((v0 + r * t[o + 3]) | (v1 + r * t[o + 4]) | (v2 + r * t[o + 5])) >> 31 & ~wrong;
                    int sure = ~(wrong | unsure);
                    key[i] += wp & sure;
                    correct[i] -= sure;
                    open[i] += wp & unsure;
                    int c = size[i];
                    dst[c] = p;
                    dst[c + 1] = v0;
                    dst[c + 2] = v1;
                    dst[c + 3] = v2;
                    size[i] = c + (unsure & E);
                }
            }
            for (int i = 0; i < count; i++) {
                size[i] = (size[i] - i * out.stride) / E;
            }
            descendScans += (long) len * count;
            return out;
        }

        /**
         * A node at depth k-1: every system from {@code from} on completes one subset. One sweep over the open
         * utterances counts, per completing system, the correct ones exactly.
         */
        void leaves(int d, int[] list, int off, int len, long key0, long correct0, long open0) {
            if (VARIANT == 1) {
                leavesBySystem(d, list, off, len, key0, correct0, open0);
                return;
            }
            int count = n - from(d);
            int from = n - count;
            long[] key = leafKey;
            long[] correct = leafCorrect;
            Arrays.fill(key, 0, count, key0);
            Arrays.fill(correct, 0, count, correct0);
            int[] t = leaf;
            int m = kn.m;
            int step = m * Q;
            for (int a = off, end = off + len * E; a < end; a += E) {
                int p = list[a];
                int s0 = list[a + 1];
                int s1 = list[a + 2];
                int s2 = list[a + 3];
                long wp = w[p];
                int o = (from * m + p) * Q;
                for (int i = 0; i < count; i++, o += step) {
                    int ok = ~(((s0 + t[o]) | (s1 + t[o + 1]) | (s2 + t[o + 2])) >> 31); // -1 when correct
                    key[i] += wp & ok;
                    correct[i] -= ok;
                }
            }
            leafScans += (long) len * count;
            long thr = threshold();
            for (int i = 0; i < count; i++) {
                if (key[i] >= thr) {
                    stack[d] = from + i;
                    best.offer(key[i], correct[i], stack, k);
                    thr = Math.max(thr, best.thresholdKey());
                }
            }
        }

        /**
         * A node at depth k-1, one completing system at a time: the list is read once per system (it is small and
         * cache-resident), the counts stay in registers, and every 64 utterances the scan stops when even all the
         * rest being correct could not reach the top-K.
         */
        void leavesBySystem(int d, int[] list, int off, int len, long key0, long correct0, long open0) {
            int from = from(d);
            int[] t = leaf;
            int m = kn.m;
            int end = off + len * E;
            long thr = threshold();
            long scans = 0;
            for (int s = from; s < n; s++) {
                int so = s * m * Q;
                long key = key0;
                long correct = correct0;
                long reachable = key0 + open0;
                int a = off;
                while (a < end) {
                    int blockEnd = Math.min(end, a + 64 * E);
                    long before = key;
                    long blockOpen = 0;
                    for (; a < blockEnd; a += E) {
                        int p = list[a];
                        int o = so + p * Q;
                        int ok = ~(((list[a + 1] + t[o]) | (list[a + 2] + t[o + 1]) | (list[a + 3] + t[o + 2])) >> 31);
                        long wp = w[p];
                        key += wp & ok;
                        correct -= ok;
                        blockOpen += wp;
                    }
                    reachable -= blockOpen - (key - before);
                    if (reachable < thr) {
                        break;
                    }
                }
                scans += (a - off) / E;
                if (reachable < thr) {
                    continue;
                }
                stack[d] = s;
                best.offer(key, correct, stack, k);
                thr = Math.max(thr, best.thresholdKey());
            }
            leafScans += scans;
        }

        /** First candidate system at depth d: one after the last member chosen. */
        private int from(int d) {
            return d == 0 ? 0 : stack[d - 1] + 1;
        }
    }
}
