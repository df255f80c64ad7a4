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
 * <li>The last {@link IntSlackKernel#TAIL} members are enumerated densely: at depth k - TAIL the open
 * slacks and the margins of every remaining candidate are copied into rows aligned with the list, and each subset
 * below is then a SIMD pass over whole rows (adds, ORs, shifts), once per class run. This replaced a sparse scan
 * with early abandon that rarely fired, since nearly every subset of correlated systems is close to the top-K;
 * measured on 30C9, one thread, same load: 25.5 s before, 15.5 s with TAIL 3 (23.4 s with 2, 18.2 s with 5).</li>
 * <li>Open utterances are ordered by class (each class is one run of every list, scored with one weight), then
 * fewest-single-systems-right first, so that children are abandoned early.</li>
 * <li>Branch and bound on the top-K: if even all open utterances turning out correct cannot reach the K-th best UAR
 * found so far (by any thread), the subtree is skipped. Only strictly lower UARs are pruned, so ties are still
 * ranked by WAR and member list.</li>
 * <li>Threads take work items (the root's children, largest subtrees first) from a shared counter.</li>
 * </ul>
 * This class holds what every search shares: the margins and starting slacks of the table, the utterances the root
 * decides, the threads with their shared top-K bar, and the merged result. Two kernels search below the root:
 * {@link IntSlackKernel} (int32 slacks, the tricks above), exact when 1 + k * (largest |margin| of an open
 * utterance) fits in an int and there are at most 4 classes, and {@link LongSlackKernel} (64-bit slacks, any number
 * of classes) for the rest. The result is the same as a brute-force search's, which the tests check bit for bit.
 */
public final class SubsetSearch {
    final ScoreTable table;
    final int n;
    final int q;
    final int u;
    /** [s][u * q + j]: score of the truth minus the score of competitor j for system s. */
    final long[][] margin;
    /** [u * q + j]: the starting slack, -1 when competitor j has a lower class index than the truth. */
    final long[] base;
    /** [u]: UAR key contributed by the utterance when it is correct. */
    final long[] weight;
    /** [u * q + j]: smallest / largest margin over all systems (decides utterances at the root). */
    final long[] allMin;
    final long[] allMax;
    final ExactUar exact;
    final int maxExactDepth;

    /**
     * Counters of one search, for benchmarks and logs. {@code cpuSeconds} sums the CPU time of every thread;
     * {@code criticalCpuSeconds} is the root sweep plus the busiest worker, what the wall time would be with one
     * free core per thread. {@code longFallback} tells that the 64-bit kernel ran.
     */
    public record Stats(long subsets, long leafScans, long descendScans, long prunedNodes, int rootUndecided,
                        double cpuSeconds, double criticalCpuSeconds, boolean longFallback) {}

    /** The best subsets and counters of one search. */
    public record Result(List<SubsetScore> best, Stats stats) {}

    /**
     * What the root decides for k members: the utterances still open ({@code open[0 .. m)}, by utterance index,
     * ascending), the UAR key and count of those surely correct, and the largest |margin| of an open utterance.
     */
    record Root(int k, int[] open, int m, long key, long correct, long maxAbsMargin) {}

    /** A search below the root: how its work splits into items, and one thread's visitor of them. */
    interface Kernel {
        /** A visitor with its own top-K of size {@code top}, publishing its bar to {@code shared}. */
        Visitor visitor(int top, AtomicLong shared);

        /**
         * Prepares the work items on the calling thread with {@code root} (which may already search what needs no
         * splitting) and returns their number.
         */
        int prepare(Visitor root);

        boolean longSlacks();
    }

    /** One thread's part of a search: its own top-K and counters; the top-K bar is shared by all threads. */
    abstract static class Visitor {
        final TopK best;
        final AtomicLong shared;
        long leafScans;
        long descendScans;
        long pruned;
        long cpuNanos;

        Visitor(int top, AtomicLong shared) {
            this.best = new TopK(top);
            this.shared = shared;
        }

        /** Work item {@code item} of {@link Kernel#prepare}. */
        abstract void visit(int item);

        /** The K-th best UAR key found by any thread so far. */
        final long threshold() {
            long local = best.thresholdKey();
            long global = shared.get();
            if (local > global) {
                // Publish only improvements: an unconditional CAS would bounce the cache line between threads.
                shared.accumulateAndGet(local, Math::max);
                return local;
            }
            return global;
        }
    }

    public SubsetSearch(ScoreTable table) {
        this(table, Integer.MAX_VALUE);
    }

    /**
     * @param maxExactDepth the deepest r for which the int kernel keeps exact bound tables (they are also capped at
     *                      128 MB); past it the bounds fall back to r times the one-member bounds. Tests lower it to
     *                      reach that path on small tables.
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
        Root root = root(k);
        // Every int the int kernel forms is a starting slack (0 or -1) plus at most k margins or margin bounds.
        boolean fitsInt = q <= IntSlackKernel.Q && (double) k * root.maxAbsMargin() + 1 <= Integer.MAX_VALUE;
        Kernel kernel = fitsInt ? new IntSlackKernel(this, root) : new LongSlackKernel(this, root);
        AtomicLong sharedThreshold = new AtomicLong(Long.MIN_VALUE);
        Visitor main = kernel.visitor(top, sharedThreshold);
        int items = kernel.prepare(main);
        long rootCpu = mx.getCurrentThreadCpuTime() - cpu0;
        main.cpuNanos = rootCpu;
        List<Visitor> visitors = new ArrayList<>();
        if (items > 0) {
            AtomicInteger next = new AtomicInteger();
            int workers = Math.max(1, Math.min(threads, items));
            Runnable[] jobs = new Runnable[workers];
            for (int w = 0; w < workers; w++) {
                Visitor v = kernel.visitor(top, sharedThreshold);
                visitors.add(v);
                jobs[w] = () -> {
                    long c0 = mx.getCurrentThreadCpuTime();
                    int i;
                    while ((i = next.getAndIncrement()) < items) {
                        v.visit(i);
                    }
                    v.cpuNanos = mx.getCurrentThreadCpuTime() - c0;
                };
            }
            runAll(jobs);
        }
        TopK merged = new TopK(top);
        merged.addAll(main.best);
        long leafScans = main.leafScans;
        long descendScans = main.descendScans;
        long pruned = main.pruned;
        long cpu = rootCpu;
        long maxCpu = 0;
        for (Visitor v : visitors) {
            cpu += v.cpuNanos;
            maxCpu = Math.max(maxCpu, v.cpuNanos);
            descendScans += v.descendScans;
            merged.addAll(v.best);
            leafScans += v.leafScans;
            pruned += v.pruned;
        }
        return new Result(merged.sorted(), new Stats(binomial(n, k), leafScans, descendScans, pruned, root.m(),
                cpu / 1e9, (rootCpu + maxCpu) / 1e9, kernel.longSlacks()));
    }

    /** Decides what k members from all n systems cannot change (exact in 64 bits). */
    private Root root(int k) {
        int[] open = new int[u];
        long key = 0;
        long correct = 0;
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
                key += weight[i];
                correct++;
            } else if (!wrong) {
                open[m++] = i;
                for (int j = 0; j < q; j++) {
                    maxAbs = Math.max(maxAbs, Math.max(Math.abs(allMin[i * q + j]), Math.abs(allMax[i * q + j])));
                }
            }
        }
        return new Root(k, open, m, key, correct, maxAbs);
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
}
