package org.ser4j.infer;

import java.util.ArrayList;
import java.util.List;

/**
 * How long inputs are cut before they reach the network. An input of at most {@code windowSeconds} is run whole,
 * exactly as training evaluates an utterance. A longer one is cut into windows of exactly {@code windowSeconds}
 * whose starts advance by {@code windowSeconds - overlapSeconds}; the last window is aligned with the end of the
 * input, so every window has full length and the tail is never a short, unreliable scrap. Each window is normalised
 * on its own (as a training crop is), run through the model, and the emotion logits of all windows are averaged
 * with equal weights before the softmax.
 *
 * <p>WHY chunk at all: self-attention costs O(T^2) memory, and the heads were trained on crops of a few seconds; a
 * 20 s window keeps memory bounded and stays close to the training distribution.
 *
 * <p>Bounds: the window lies in [{@value #MIN_WINDOW_SECONDS}, {@value #MAX_WINDOW_SECONDS}] s (25 to 3000 frames:
 * long enough for the CNN's receptive field, short enough that attention over one window stays below a gigabyte
 * for hubert-large); the overlap lies in [0, window / 2], so consecutive windows advance by at least half a window
 * and an input of T seconds never yields more than 2 T / window + 1 windows.
 *
 * @param windowSeconds  window length (default 20 s)
 * @param overlapSeconds overlap of consecutive windows (default 2 s); at most half the window
 */
public record ChunkingPolicy(double windowSeconds, double overlapSeconds) {
    public static final double MIN_WINDOW_SECONDS = 0.5;
    public static final double MAX_WINDOW_SECONDS = 60;
    public static final ChunkingPolicy DEFAULT = new ChunkingPolicy(20.0, 2.0);

    public ChunkingPolicy {
        String problem = problem(windowSeconds, overlapSeconds);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Null when a window of {@code windowSeconds} with {@code overlapSeconds} of overlap is within the bounds, else
     * what is wrong; for callers that window audio themselves (e.g. {@code embed}) and share these bounds.
     */
    public static String problem(double windowSeconds, double overlapSeconds) {
        if (!(windowSeconds >= MIN_WINDOW_SECONDS && windowSeconds <= MAX_WINDOW_SECONDS)) {
            return "window must be " + MIN_WINDOW_SECONDS + " .. " + MAX_WINDOW_SECONDS + " s, got " + windowSeconds
                    + " s";
        }
        if (!(overlapSeconds >= 0 && overlapSeconds <= windowSeconds / 2)) {
            return "overlap must be 0 .. " + windowSeconds / 2 + " s (half the window of " + windowSeconds
                    + " s), got " + overlapSeconds + " s";
        }
        return null;
    }

    /** Start offsets (in samples) of the windows of an input of {@code length} samples at {@code rate}. */
    public int[] starts(int length, int rate) {
        int window = windowSamples(rate);
        if (length <= window) {
            return new int[] {0};
        }
        int hop = Math.max(1, window - (int) Math.round(overlapSeconds * rate));
        List<Integer> out = new ArrayList<>();
        for (int s = 0; s + window < length; s += hop) {
            out.add(s);
        }
        out.add(length - window);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    public int windowSamples(int rate) {
        return (int) Math.round(windowSeconds * rate);
    }
}
