package org.ser4j.util;

/**
 * Derives independent seeds from a root seed and a path of names/numbers (trial, fold, purpose), so that no
 * library code draws from an unseeded generator and every derived seed can be recorded.
 */
public final class Seeds {
    private Seeds() {}

    /** SplitMix64 finaliser: a well-mixed 64-bit value from any 64-bit input. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public static long derive(long root, Object... path) {
        long h = mix(root);
        for (Object part : path) {
            long v = part instanceof Number n ? n.longValue() : String.valueOf(part).hashCode();
            h = mix(h ^ mix(v + 0x9e3779b97f4a7c15L));
        }
        return h;
    }
}
