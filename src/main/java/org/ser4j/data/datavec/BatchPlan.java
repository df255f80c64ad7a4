package org.ser4j.data.datavec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.ser4j.util.Seeds;

/**
 * The order of one epoch: which items go into which batch. Evaluation is the same every time (sorted by length,
 * longest first, when bucketing; manifest order otherwise). Training is shuffled by a generator seeded from
 * (seed, epoch); with bucketing, windows of {@code bucketBatches} batches of the shuffled order are sorted by
 * length and cut, and the resulting batches are shuffled again.
 */
public final class BatchPlan {
    private BatchPlan() {}

    public static List<int[]> plan(List<AudioItem> items, BatchConfig cfg, int epoch) {
        List<Integer> order = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            order.add(i);
        }
        int b = cfg.batchSize();
        Comparator<Integer> byLength = Comparator.<Integer>comparingInt(i -> -lengthUsed(items.get(i), cfg))
                .thenComparing(i -> items.get(i).uttId());
        List<int[]> batches = new ArrayList<>();
        if (!cfg.training()) {
            if (cfg.sortByLength()) {
                order.sort(byLength);
            }
            cut(order, b, batches);
            return batches;
        }
        Collections.shuffle(order, new Random(Seeds.derive(cfg.seed(), "batch-order", epoch)));
        if (!cfg.sortByLength()) {
            cut(order, b, batches);
            return batches;
        }
        int window = b * cfg.bucketBatches();
        for (int from = 0; from < order.size(); from += window) {
            List<Integer> w = new ArrayList<>(order.subList(from, Math.min(order.size(), from + window)));
            w.sort(byLength);
            cut(w, b, batches);
        }
        Collections.shuffle(batches, new Random(Seeds.derive(cfg.seed(), "batch-shuffle", epoch)));
        return batches;
    }

    /** The length an item will have in a batch (crop included), as far as the manifest tells before decoding. */
    static int lengthUsed(AudioItem item, BatchConfig cfg) {
        return cfg.training() && cfg.maxSamples() > 0 ? Math.min(item.expectedSamples(), cfg.maxSamples())
                : item.expectedSamples();
    }

    private static void cut(List<Integer> order, int b, List<int[]> out) {
        for (int from = 0; from < order.size(); from += b) {
            List<Integer> part = order.subList(from, Math.min(order.size(), from + b));
            out.add(part.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
