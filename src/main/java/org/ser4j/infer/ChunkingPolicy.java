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
 * @param windowSeconds  window length (default 20 s)
 * @param overlapSeconds overlap of consecutive windows (default 2 s); must be smaller than the window
 */
public record ChunkingPolicy(double windowSeconds, double overlapSeconds) {
    public static final ChunkingPolicy DEFAULT = new ChunkingPolicy(20.0, 2.0);

    public ChunkingPolicy {
        if (!(windowSeconds > 0) || overlapSeconds < 0 || overlapSeconds >= windowSeconds) {
            throw new IllegalArgumentException("chunking: need window > 0 and 0 <= overlap < window, got window "
                    + windowSeconds + " s, overlap " + overlapSeconds + " s");
        }
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
