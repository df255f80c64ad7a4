package org.ser4j.fusion;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.ser4j.eval.ConfusionMatrix;

/**
 * The reference for {@link SubsetSearch}: every k-subset is fused from scratch with {@link ScoreTable#predict}, scored
 * through a confusion matrix and ranked with UAR compared as exact fractions (BigInteger cross products), then WAR,
 * then member list. Deliberately simple and slow; for tests and spot checks only.
 */
public final class BruteForceSubsetSearch {
    private BruteForceSubsetSearch() {}

    /** A scored subset with its confusion matrix. */
    public record Scored(int[] members, ConfusionMatrix confusion) {}

    public static List<Scored> search(ScoreTable table, int k, int top) {
        int n = table.systems();
        int c = table.classes();
        long[] classTotal = new long[c];
        for (int i = 0; i < table.utterances(); i++) {
            classTotal[table.truth(i)]++;
        }
        List<Scored> all = new ArrayList<>();
        int[] members = new int[k];
        for (int i = 0; i < k; i++) {
            members[i] = i;
        }
        while (true) {
            all.add(new Scored(members.clone(), table.confusion(members)));
            int i = k - 1;
            while (i >= 0 && members[i] == n - k + i) {
                i--;
            }
            if (i < 0) {
                break;
            }
            members[i]++;
            for (int j = i + 1; j < k; j++) {
                members[j] = members[j - 1] + 1;
            }
        }
        Comparator<Scored> byUar = (a, b) -> exactUar(b, classTotal).compareTo(exactUar(a, classTotal));
        Comparator<Scored> ranking = byUar.thenComparing((a, b) -> Long.compare(b.confusion.correct(),
                a.confusion.correct())).thenComparing((a, b) -> Arrays.compare(a.members, b.members));
        all.sort(ranking);
        return all.subList(0, Math.min(top, all.size()));
    }

    /** sum_c correct_c * prod_{j != c, N_j > 0} N_j: proportional to UAR with a common denominator. */
    private static BigInteger exactUar(Scored s, long[] classTotal) {
        BigInteger sum = BigInteger.ZERO;
        for (int c = 0; c < classTotal.length; c++) {
            if (classTotal[c] == 0) {
                continue;
            }
            BigInteger term = BigInteger.valueOf(s.confusion.count(c, c));
            for (int j = 0; j < classTotal.length; j++) {
                if (j != c && classTotal[j] > 0) {
                    term = term.multiply(BigInteger.valueOf(classTotal[j]));
                }
            }
            sum = sum.add(term);
        }
        return sum;
    }
}
