package org.ser4j.fusion;

import java.util.List;

/**
 * What a fusion run searches: subset sizes {@code ks}, how many best subsets to keep, the selection protocol, the
 * combination rule and the number of threads.
 */
public record FusionSettings(List<Integer> ks, int top, FusionProtocol protocol, CombinationRule rule, int threads) {
    public FusionSettings {
        ks = List.copyOf(ks);
        if (ks.isEmpty()) {
            throw new IllegalArgumentException("at least one subset size k is needed");
        }
        if (top < 1) {
            throw new IllegalArgumentException("top must be >= 1, got " + top);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** Every k from 1 to n. */
    public static List<Integer> allK(int n) {
        return java.util.stream.IntStream.rangeClosed(1, n).boxed().toList();
    }
}
