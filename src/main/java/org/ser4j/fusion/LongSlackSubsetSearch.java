package org.ser4j.fusion;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The previous general implementation of {@link SubsetSearch}, kept as its fallback for what the int kernel does not
 * cover: more than 4 classes, or summed scores that could leave the int range. 64-bit slacks, one pass per child.
 *
 * <p>Exhaustive, exact search of the best k-member subsets of n systems (late combination, docs/contracts.md §6), fast enough
 * for 30C9 = 14.3 M subsets over 5,531 utterances in seconds.
 *
 * <p>Why it is fast, and still exact:
 * <ul>
 * <li>Only correctness matters, so each utterance is held as C-1 integer <em>slacks</em>: the truth's summed score
 * minus each competitor's, minus 1 for competitors with a lower class index (they win ties). The utterance is
 * correct iff every slack is &ge; 0.</li>
 * <li>Subsets are enumerated depth first in lexicographic order, so a prefix's slacks are computed once for all its
 * completions. With r members still to come from the systems after the last one, the slack can move by at most
 * r times that suffix's smallest/largest margin: utterances whose outcome those bounds already fix are counted and
 * dropped from the working list. This subsumes "set aside the utterances on which all systems agree": unanimous
 * argmax on class c fixes the sum's argmax to c for every subset. Deep in the tree few utterances remain, so the
 * innermost loop, one per subset, touches only the disputed ones.</li>
 * <li>Branch and bound on the top-K: if even all undecided utterances turning out correct cannot reach the K-th
 * best UAR found so far (by any thread), the subtree is skipped. Only strictly lower UARs are pruned, so ties are
 * still ranked by WAR and member list.</li>
 * <li>Work is split across threads by member prefixes (the first two systems), handed out dynamically.</li>
 * </ul>
 * The result is the same as {@link BruteForceSubsetSearch}'s, which the tests check bit for bit.
 */
final class LongSlackSubsetSearch {
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
    /** [i][u * q + j]: smallest / largest margin over systems i..n-1. */
    private final long[][] suffixMin;
    private final long[][] suffixMax;
    private final ExactUar exact;


    LongSlackSubsetSearch(ScoreTable table) {
        this.table = table;
        this.n = table.systems();
        int c = table.classes();
        this.q = c - 1;
        this.u = table.utterances();
        this.exact = new ExactUar(table.truthArray(), c);
        margin = new long[n][u * q];
        base = new long[u * q];
        weight = new long[u];
        for (int i = 0; i < u; i++) {
            int t = table.truth(i);
            weight[i] = exact.classWeight[t];
            for (int j = 0; j < q; j++) {
                int comp = j < t ? j : j + 1;
                base[i * q + j] = comp < t ? -1 : 0;
                for (int s = 0; s < n; s++) {
                    long[] sc = table.scores(s);
                    margin[s][i * q + j] = Math.subtractExact(sc[i * c + t], sc[i * c + comp]);
                }
            }
        }
        suffixMin = new long[n + 1][];
        suffixMax = new long[n + 1][];
        for (int s = n - 1; s >= 0; s--) {
            suffixMin[s] = margin[s].clone();
            suffixMax[s] = margin[s].clone();
            if (s + 1 < n) {
                for (int i = 0; i < u * q; i++) {
                    suffixMin[s][i] = Math.min(suffixMin[s][i], suffixMin[s + 1][i]);
                    suffixMax[s][i] = Math.max(suffixMax[s][i], suffixMax[s + 1][i]);
                }
            }
        }
    }

    /** As {@link #search} and also the counters. */
    SubsetSearch.Result run(int k, int top, int threads) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in 1.." + n + ", got " + k);
        }
        // Root: decide what r = k members from all n systems cannot change.
        long[] rootSlack = new long[u * q];
        int[] rootIdx = new int[u];
        long rootKey = 0;
        long rootCorrect = 0;
        int m = 0;
        for (int i = 0; i < u; i++) {
            int d = decide(base, i * q, i, k, 0);
            if (d > 0) {
                rootKey += weight[i];
                rootCorrect++;
            } else if (d == 0) {
                rootIdx[m] = i;
                System.arraycopy(base, i * q, rootSlack, m * q, q);
                m++;
            }
        }
        Compact c = new Compact(rootIdx, m);
        int prefixLength = Math.min(2, k - 1);
        List<int[]> tasks = new ArrayList<>();
        enumeratePrefixes(new int[prefixLength], 0, 0, k, tasks);
        AtomicInteger next = new AtomicInteger();
        AtomicLong sharedThreshold = new AtomicLong(Long.MIN_VALUE);
        int workers = Math.max(1, Math.min(threads, tasks.size()));
        List<Worker> ws = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            ws.add(new Worker(k, top, c, rootSlack, rootKey, rootCorrect, tasks, next, sharedThreshold));
        }
        if (workers == 1) {
            ws.get(0).run();
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "subset-search");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> fs = new ArrayList<>();
                ws.forEach(w -> fs.add(pool.submit(w)));
                for (Future<?> f : fs) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("subset search interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("subset search failed", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        TopK merged = new TopK(top);
        long leafScans = 0;
        long pruned = 0;
        long descendScans = 0;
        long cpu = 0;
        long maxCpu = 0;
        for (Worker w : ws) {
            cpu += w.cpuNanos;
            maxCpu = Math.max(maxCpu, w.cpuNanos);
            descendScans += w.descendScans;
            merged.addAll(w.best);
            leafScans += w.leafScans;
            pruned += w.pruned;
        }
        return new SubsetSearch.Result(merged.sorted(), new SubsetSearch.Stats(SubsetSearch.binomial(n, k), leafScans,
                descendScans, pruned, m, cpu / 1e9, maxCpu / 1e9, true));
    }


    /**
     * Whether utterance {@code i} with slacks {@code slack[off..off+q)} is decided when {@code r} more members
     * will come from systems {@code from..n-1}: +1 surely correct, -1 surely wrong, 0 open.
     */
    private int decide(long[] slack, int off, int i, int r, int from) {
        if (r == 0) {
            for (int j = 0; j < q; j++) {
                if (slack[off + j] < 0) {
                    return -1;
                }
            }
            return 1;
        }
        long[] lo = suffixMin[from];
        long[] hi = suffixMax[from];
        boolean sure = true;
        for (int j = 0; j < q; j++) {
            long s = slack[off + j];
            if (s + r * hi[i * q + j] < 0) {
                return -1;
            }
            if (s + r * lo[i * q + j] < 0) {
                sure = false;
            }
        }
        return sure ? 1 : 0;
    }

    private void enumeratePrefixes(int[] prefix, int depth, int from, int k, List<int[]> out) {
        if (depth == prefix.length) {
            out.add(prefix.clone());
            return;
        }
        for (int s = from; s <= n - k + depth; s++) {
            prefix[depth] = s;
            enumeratePrefixes(prefix, depth + 1, s + 1, k, out);
        }
    }


    /**
     * The per-system data of the utterances still open at the root, indexed by their position in the root list
     * (not by utterance), so the working set stays small: a search touches these arrays millions of times.
     * {@code one[s]} holds, per position, the smallest then the largest margin over systems s+1..n-1 (the bound with
     * one member to come, r times it for r members); {@code two[s]} the sums of the two smallest / two largest
     * margins over s+1..n-1, the exact bound when two members are still to come.
     */
    private final class Compact {
        final int m;
        final long[] weight;
        final long[][] margin;
        final long[][] one;
        final long[][] two;

        Compact(int[] rootIdx, int m) {
            this.m = m;
            weight = new long[m];
            for (int p = 0; p < m; p++) {
                weight[p] = LongSlackSubsetSearch.this.weight[rootIdx[p]];
            }
            margin = new long[n][m * q];
            one = new long[n][];
            two = new long[n][];
            long[] min1 = new long[m * q];
            long[] min2 = new long[m * q];
            long[] max1 = new long[m * q];
            long[] max2 = new long[m * q];
            java.util.Arrays.fill(min1, Long.MAX_VALUE / 4);
            java.util.Arrays.fill(min2, Long.MAX_VALUE / 4);
            java.util.Arrays.fill(max1, Long.MIN_VALUE / 4);
            java.util.Arrays.fill(max2, Long.MIN_VALUE / 4);
            for (int s = n - 1; s >= 0; s--) {
                if (s + 1 < n) {
                    one[s] = new long[m * 2 * q];
                    two[s] = new long[m * 2 * q];
                    for (int p = 0; p < m; p++) {
                        for (int j = 0; j < q; j++) {
                            int x = p * q + j;
                            one[s][p * 2 * q + j] = min1[x];
                            one[s][p * 2 * q + q + j] = max1[x];
                            // only used when at least two systems follow s
                            two[s][p * 2 * q + j] = min1[x] + min2[x];
                            two[s][p * 2 * q + q + j] = max1[x] + max2[x];
                        }
                    }
                }
                long[] full = LongSlackSubsetSearch.this.margin[s];
                for (int p = 0; p < m; p++) {
                    for (int j = 0; j < q; j++) {
                        int x = p * q + j;
                        long v = full[rootIdx[p] * q + j];
                        margin[s][x] = v;
                        if (v < min1[x]) {
                            min2[x] = min1[x];
                            min1[x] = v;
                        } else if (v < min2[x]) {
                            min2[x] = v;
                        }
                        if (v > max1[x]) {
                            max2[x] = max1[x];
                            max1[x] = v;
                        } else if (v > max2[x]) {
                            max2[x] = v;
                        }
                    }
                }
            }
        }
    }

    /** One thread's depth-first search over the prefixes it takes from the shared task list. */
    private final class Worker implements Runnable {
        final int k;
        final TopK best;
        final Compact c;
        final long[] w;
        final int rootSize;
        final long rootKey;
        final long rootCorrect;
        final List<int[]> tasks;
        final AtomicInteger next;
        final AtomicLong shared;
        /** Working lists per depth: root-list positions and their slacks. */
        final int[][] idx;
        final long[][] slack;
        final int[] size;
        final long[] keyAt;
        final long[] correctAt;
        final long[] openWeightAt;
        final int[] stack;
        long leafScans;
        long descendScans;
        long pruned;
        long cpuNanos;

        Worker(int k, int top, Compact c, long[] rootSlack, long rootKey, long rootCorrect, List<int[]> tasks,
               AtomicInteger next, AtomicLong shared) {
            this.k = k;
            this.best = new TopK(top);
            this.c = c;
            this.w = c.weight;
            this.rootSize = c.m;
            this.rootKey = rootKey;
            this.rootCorrect = rootCorrect;
            this.tasks = tasks;
            this.next = next;
            this.shared = shared;
            idx = new int[k][];
            slack = new long[k][];
            idx[0] = java.util.stream.IntStream.range(0, rootSize).toArray();
            slack[0] = rootSlack;
            for (int d = 1; d < k; d++) {
                idx[d] = new int[rootSize];
                slack[d] = new long[rootSize * q];
            }
            size = new int[k];
            keyAt = new long[k];
            correctAt = new long[k];
            openWeightAt = new long[k];
            stack = new int[k];
        }

        @Override
        public void run() {
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = mx.getCurrentThreadCpuTime();
            work();
            cpuNanos = mx.getCurrentThreadCpuTime() - cpu0;
        }

        private void work() {
            size[0] = rootSize;
            keyAt[0] = rootKey;
            correctAt[0] = rootCorrect;
            long ow = 0;
            for (int p = 0; p < rootSize; p++) {
                ow += w[p];
            }
            openWeightAt[0] = ow;
            int t;
            while ((t = next.getAndIncrement()) < tasks.size()) {
                int[] prefix = tasks.get(t);
                boolean alive = true;
                for (int d = 0; d < prefix.length && alive; d++) {
                    stack[d] = prefix[d];
                    alive = descend(d, prefix[d]);
                }
                if (alive) {
                    expand(prefix.length, prefix.length == 0 ? 0 : prefix[prefix.length - 1] + 1);
                }
            }
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

        /** Node at depth d (d members chosen, lists at level d) whose children start at system {@code from}. */
        private void expand(int d, int from) {
            if (d == k - 1) {
                leaves(d, from);
                return;
            }
            for (int s = from; s <= n - k + d; s++) {
                stack[d] = s;
                if (descend(d, s)) {
                    expand(d + 1, s + 1);
                }
            }
        }

        /**
         * Adds system s to the level-d list to form level d+1: utterances whose outcome the remaining r members
         * cannot change are counted and dropped. Branch-free, because the outcomes of open utterances are coin
         * flips and mispredicted branches dominated. False when the child cannot reach the top-K.
         */
        private boolean descend(int d, int s) {
            int r = k - d - 1;
            long[] mg = c.margin[s];
            long[] bound = r == 2 ? c.two[s] : c.one[s];
            long mul = r == 2 ? 1 : r;
            int[] pi = idx[d];
            long[] ps = slack[d];
            int[] ci = idx[d + 1];
            long[] cs = slack[d + 1];
            int pn = size[d];
            long key = keyAt[d];
            long correct = correctAt[d];
            long open = 0;
            int cn = 0;
            if (q == 3) {
                for (int a = 0, po = 0; a < pn; a++, po += 3) {
                    int p = pi[a];
                    int mo = p * 3;
                    int bo = p * 6;
                    int co = cn * 3;
                    long v0 = ps[po] + mg[mo];
                    long v1 = ps[po + 1] + mg[mo + 1];
                    long v2 = ps[po + 2] + mg[mo + 2];
                    cs[co] = v0;
                    cs[co + 1] = v1;
                    cs[co + 2] = v2;
                    long wrong = ((v0 + mul * bound[bo + 3]) | (v1 + mul * bound[bo + 4])
                            | (v2 + mul * bound[bo + 5])) >> 63;
                    long unsure = ((v0 + mul * bound[bo]) | (v1 + mul * bound[bo + 1])
                            | (v2 + mul * bound[bo + 2])) >> 63 & ~wrong;
                    long sure = ~(wrong | unsure);
                    long wp = w[p];
                    key += wp & sure;
                    correct -= sure;
                    open += wp & unsure;
                    ci[cn] = p;
                    cn -= (int) unsure;
                }
            } else {
                for (int a = 0; a < pn; a++) {
                    int p = pi[a];
                    int po = a * q;
                    int mo = p * q;
                    int bo = p * 2 * q;
                    int co = cn * q;
                    long wrongBits = 0;
                    long unsureBits = 0;
                    for (int j = 0; j < q; j++) {
                        long v = ps[po + j] + mg[mo + j];
                        cs[co + j] = v;
                        wrongBits |= v + mul * bound[bo + q + j];
                        unsureBits |= v + mul * bound[bo + j];
                    }
                    long wrong = wrongBits >> 63;              // -1 when some competitor surely wins
                    long unsure = (unsureBits >> 63) & ~wrong; // -1 when open
                    long sure = ~(wrong | unsure);            // -1 when surely correct
                    long wp = w[p];
                    key += wp & sure;
                    correct -= sure;
                    open += wp & unsure;
                    ci[cn] = p;
                    cn -= (int) unsure;
                }
            }
            descendScans += pn;
            size[d + 1] = cn;
            keyAt[d + 1] = key;
            correctAt[d + 1] = correct;
            openWeightAt[d + 1] = open;
            if (key + open < threshold()) {
                pruned++;
                return false;
            }
            return true;
        }

        /**
         * Depth k-1: every remaining system completes one subset; count its correct open utterances exactly. Every
         * 64 utterances the scan stops if even all the rest being correct could not reach the top-K.
         */
        private void leaves(int d, int from) {
            int[] pi = idx[d];
            long[] ps = slack[d];
            int pn = size[d];
            long key0 = keyAt[d];
            long correct0 = correctAt[d];
            long open0 = openWeightAt[d];
            long thr = threshold();
            if (key0 + open0 < thr) {
                pruned++;
                return;
            }
            for (int s = from; s < n; s++) {
                long[] mg = c.margin[s];
                long key = key0;
                long correct = correct0;
                long reachable = key0 + open0;
                int a = 0;
                while (a < pn) {
                    int end = Math.min(pn, a + 64);
                    long before = key;
                    long blockOpen = 0;
                    if (q == 3) {
                        for (int po = a * 3; a < end; a++, po += 3) {
                            int p = pi[a];
                            int mo = p * 3;
                            long bits = (ps[po] + mg[mo]) | (ps[po + 1] + mg[mo + 1]) | (ps[po + 2] + mg[mo + 2]);
                            long ok = ~(bits >> 63); // -1 when every slack is >= 0
                            long wp = w[p];
                            key += wp & ok;
                            correct -= ok;
                            blockOpen += wp;
                        }
                    } else {
                        for (; a < end; a++) {
                            int p = pi[a];
                            int po = a * q;
                            int mo = p * q;
                            long bits = 0;
                            for (int j = 0; j < q; j++) {
                                bits |= ps[po + j] + mg[mo + j];
                            }
                            long ok = ~(bits >> 63);
                            long wp = w[p];
                            key += wp & ok;
                            correct -= ok;
                            blockOpen += wp;
                        }
                    }
                    reachable -= blockOpen - (key - before);
                    if (reachable < thr) {
                        break;
                    }
                }
                leafScans += a;
                if (reachable < thr) {
                    continue;
                }
                stack[d] = s;
                best.offer(key, correct, stack, k);
                thr = Math.max(thr, best.thresholdKey());
            }
        }
    }
}
