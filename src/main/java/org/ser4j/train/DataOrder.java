package org.ser4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ser4j.util.Seeds;
import org.ser4j.util.Shuffle;

/**
 * The training data order as a pure function of (seed, position): micro-batch {@code position} lies in epoch
 * {@code position / batchesPerEpoch}, whose order is a shuffle seeded by (seed, epoch). Resuming therefore needs only
 * the position, no generator state. The last batch of an epoch may be smaller.
 */
final class DataOrder {
    private final long seed;
    private final int n;
    private final int batchSize;
    private int cachedEpoch = -1;
    private int[] cachedPerm;

    DataOrder(long seed, int n, int batchSize) {
        if (n < 1) {
            throw new IllegalArgumentException("no training utterances");
        }
        this.seed = seed;
        this.n = n;
        this.batchSize = batchSize;
    }

    int batchesPerEpoch() {
        return (n + batchSize - 1) / batchSize;
    }

    /** Indices into the training list for micro-batch {@code position}. */
    List<Integer> batch(long position) {
        int epoch = (int) (position / batchesPerEpoch());
        int j = (int) (position % batchesPerEpoch());
        if (epoch != cachedEpoch) {
            cachedPerm = permutation(epoch);
            cachedEpoch = epoch;
        }
        List<Integer> out = new ArrayList<>();
        for (int i = j * batchSize; i < Math.min(n, (j + 1) * batchSize); i++) {
            out.add(cachedPerm[i]);
        }
        return out;
    }

    private int[] permutation(int epoch) {
        int[] p = Shuffle.identity(n);
        Random r = new Random(Seeds.derive(seed, "epoch", epoch));
        Shuffle.inPlace(p, r);
        return p;
    }
}
