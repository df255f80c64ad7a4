package org.ser4j.fusion;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The 64-bit kernel of {@link SubsetSearch}, for what {@link IntSlackKernel} does not cover: more than 4 classes, or
 * summed scores that could leave the int range. Each open utterance keeps C-1 long slacks; a child is one pass over
 * its parent's list that drops what the members still to come can no longer change (bounded by the one-member range
 * times r, or the exact two-member range when two are left); the leaves count correct utterances in blocks of 64
 * and stop once the top-K is out of reach. The threads take member prefixes (the first two systems) as work items.
 */
final class LongSlackKernel implements SubsetSearch.Kernel {
    private final SubsetSearch search;
    private final int n;
    private final int q;
    private final int k;
    private final long[] rootSlack;
    private final long rootKey;
    private final long rootCorrect;
    private final Compact compact;
    private final List<int[]> tasks = new ArrayList<>();

    LongSlackKernel(SubsetSearch search, SubsetSearch.Root root) {
        this.search = search;
        this.n = search.n;
        this.q = search.q;
        this.k = root.k();
        int m = root.m();
        rootSlack = new long[search.u * q];
        for (int p = 0; p < m; p++) {
            System.arraycopy(search.base, root.open()[p] * q, rootSlack, p * q, q);
        }
        rootKey = root.key();
        rootCorrect = root.correct();
        compact = new Compact(root.open(), m);
    }

    @Override
    public SubsetSearch.Visitor visitor(int top, AtomicLong shared) {
        return new Worker(top, shared);
    }

    @Override
    public int prepare(SubsetSearch.Visitor root) {
        enumeratePrefixes(new int[Math.min(2, k - 1)], 0, 0, k, tasks);
        return tasks.size();
    }

    @Override
    public boolean longSlacks() {
        return true;
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
                weight[p] = search.weight[rootIdx[p]];
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
                long[] full = search.margin[s];
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
    private final class Worker extends SubsetSearch.Visitor {
        final Compact c = compact;
        final long[] w = compact.weight;
        final int rootSize = compact.m;
        /** Working lists per depth: root-list positions and their slacks. */
        final int[][] idx;
        final long[][] slack;
        final int[] size;
        final long[] keyAt;
        final long[] correctAt;
        final long[] openWeightAt;
        final int[] stack;

        Worker(int top, AtomicLong shared) {
            super(top, shared);
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
            size[0] = rootSize;
            keyAt[0] = rootKey;
            correctAt[0] = rootCorrect;
            long ow = 0;
            for (int p = 0; p < rootSize; p++) {
                ow += w[p];
            }
            openWeightAt[0] = ow;
        }

        /** Work item {@code t}: the subtree below member prefix {@code tasks.get(t)}. */
        @Override
        void visit(int t) {
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
