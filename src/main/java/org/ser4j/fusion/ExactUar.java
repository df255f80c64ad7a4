package org.ser4j.fusion;

/**
 * UAR as an exact integer key. With N_c utterances of class c and L = lcm of the N_c present, UAR = (sum_c
 * correct_c * L / N_c) / (L * present classes), so comparing the integer numerators compares UARs exactly. Doubles
 * would make two mathematically equal UARs differ in the last bit and decide a tie by rounding instead of by WAR.
 */
final class ExactUar {
    final long[] classWeight;
    final long denominator;
    final int total;

    ExactUar(int[] truth, int classes) {
        long[] count = new long[classes];
        for (int t : truth) {
            count[t]++;
        }
        long lcm = 1;
        int present = 0;
        for (long n : count) {
            if (n > 0) {
                lcm = Math.multiplyExact(lcm / gcd(lcm, n), n);
                present++;
            }
        }
        classWeight = new long[classes];
        for (int c = 0; c < classes; c++) {
            classWeight[c] = count[c] == 0 ? 0 : lcm / count[c];
        }
        // The largest numerator is lcm * present; it must fit in a long (it does for any realistic corpus).
        denominator = Math.multiplyExact(lcm, Math.max(present, 1));
        total = truth.length;
    }

    double uar(long key) {
        return (double) key / denominator;
    }

    double war(long correct) {
        return (double) correct / total;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
