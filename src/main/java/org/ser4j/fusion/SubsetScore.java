package org.ser4j.fusion;

import java.util.Arrays;
import java.util.Comparator;

/**
 * A member subset (system indices in ascending order, systems sorted by path) with its exact scores: the UAR key of
 * {@link ExactUar} and the number of correct utterances. {@link #RANKING} orders best first: higher UAR, then
 * higher WAR, then the lexicographically smallest member list (docs/contracts.md §6).
 */
public record SubsetScore(int[] members, long uarKey, long correct) {

    public static final Comparator<SubsetScore> RANKING = (a, b) -> {
        int c = Long.compare(b.uarKey, a.uarKey);
        if (c != 0) {
            return c;
        }
        c = Long.compare(b.correct, a.correct);
        return c != 0 ? c : Arrays.compare(a.members, b.members);
    };

    public SubsetScore {
        members = members.clone();
    }

    @Override
    public int[] members() {
        return members.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubsetScore s && s.uarKey == uarKey && s.correct == correct
                && Arrays.equals(s.members, members);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(members) * 31 + Long.hashCode(uarKey) + Long.hashCode(correct) * 17;
    }

    @Override
    public String toString() {
        return Arrays.toString(members) + " uarKey=" + uarKey + " correct=" + correct;
    }
}
