package org.ser4j.fusion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The best K subsets seen so far under {@link SubsetScore#RANKING}, in bounded memory. The worst kept entry sits at
 * the head of a heap; a candidate that does not beat it is rejected before any allocation.
 */
final class TopK {
    private final int capacity;
    private final PriorityQueue<SubsetScore> heap;

    TopK(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("top must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.heap = new PriorityQueue<>(capacity + 1, SubsetScore.RANKING.reversed());
    }

    boolean full() {
        return heap.size() >= capacity;
    }

    /** UAR key of the worst kept entry, or Long.MIN_VALUE while not full: anything below it cannot enter. */
    long thresholdKey() {
        return full() ? heap.peek().uarKey() : Long.MIN_VALUE;
    }

    /** Offers the subset {@code stack[0..len)}; copies the members only if it enters. */
    void offer(long uarKey, long correct, int[] stack, int len) {
        if (full()) {
            SubsetScore worst = heap.peek();
            if (uarKey < worst.uarKey() || uarKey == worst.uarKey() && correct < worst.correct()) {
                return;
            }
            if (uarKey == worst.uarKey() && correct == worst.correct()
                    && Arrays.compare(stack, 0, len, worst.members(), 0, worst.members().length) > 0) {
                return;
            }
        }
        heap.add(new SubsetScore(Arrays.copyOf(stack, len), uarKey, correct));
        if (heap.size() > capacity) {
            heap.poll();
        }
    }

    void addAll(TopK other) {
        for (SubsetScore s : other.heap) {
            offer(s.uarKey(), s.correct(), s.members(), s.members().length);
        }
    }

    /** Best first. */
    List<SubsetScore> sorted() {
        List<SubsetScore> l = new ArrayList<>(heap);
        l.sort(SubsetScore.RANKING);
        return l;
    }
}
