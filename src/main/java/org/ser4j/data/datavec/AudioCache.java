package org.ser4j.data.datavec;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.ser4j.audio.AudioLoader;

/**
 * Decoded, resampled (16 kHz mono float) audio by file, so that later epochs do not decode again.
 *
 * <p>The cache admits files until its byte budget is spent and then keeps what it has instead of evicting: epochs
 * sweep the whole data set, and under that access pattern an LRU cache smaller than the data would miss every time,
 * while "keep the first N" hits N/total of the time. Thread-safe; a file decoded by two threads at once is decoded
 * twice but stored once. Cached arrays are shared and must not be modified.
 */
public final class AudioCache {
    private final ConcurrentHashMap<Path, float[]> entries = new ConcurrentHashMap<>();
    private final long maxBytes;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /** @param maxBytes budget for the float samples held; 0 disables caching */
    public AudioCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("cache budget must be >= 0, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** A cache bounded by a quarter of the maximum heap, leaving room for batches and the model. */
    public static AudioCache withDefaultBudget() {
        return new AudioCache(Runtime.getRuntime().maxMemory() / 4);
    }

    public float[] load16k(Path file) {
        Path key = file.toAbsolutePath().normalize();
        float[] x = entries.get(key);
        if (x != null) {
            hits.incrementAndGet();
            return x;
        }
        misses.incrementAndGet();
        x = AudioLoader.load16k(key);
        long size = 4L * x.length;
        if (bytes.addAndGet(size) <= maxBytes) {
            float[] prev = entries.putIfAbsent(key, x);
            if (prev != null) {
                bytes.addAndGet(-size);
                return prev;
            }
        } else {
            bytes.addAndGet(-size);
        }
        return x;
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public int size() {
        return entries.size();
    }

    public void clear() {
        entries.clear();
        bytes.set(0);
    }
}
