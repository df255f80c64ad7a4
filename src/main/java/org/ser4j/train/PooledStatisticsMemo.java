package org.ser4j.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.util.Sha256;

/**
 * This process's pooled FE outputs of the initial encoder, by everything they are computed from, so that fold runs
 * that would compute the same rows compute them once: the fixed pooled-output statistics ({@code
 * model.pooled_statistics: fixed}) and the per-utterance outputs that {@link HeadWarmup} trains the heads on.
 *
 * <p>WHY: the statistics are the pooled FE outputs of a seeded sample of training crops, taken before the first
 * step, i.e. with the pretrained encoder. The sample's seed is the fold's, which the modes of one trial share: the
 * demo's vanilla, MTL and DANN systems of one (trial, fold) measure the same 256 crops with the same encoder (~0.8 s
 * of CPU each at demo scale, as much as an evaluation of the test speakers). The heads, which differ between the
 * modes, come after the FE output and are not part of the key.
 *
 * <p>Exactness: the key holds the graph's structure (given by the caller, from the encoder's config), the names,
 * shapes and bytes of every variable the FE output depends on, the sample's utterance ids in order, the crop, the
 * batch size and the identity of the input source (the same {@link ConvFeatureCache} object for every fold of a
 * process). A hit therefore returns the floats the computation would give; nothing is kept across processes.
 */
final class PooledStatisticsMemo {
    /** Entries kept (statistics: two rows; warm-up outputs: one row per utterance); the demo needs one per (trial, fold). */
    static final int CAPACITY = 64;

    private static final Map<String, CompletableFuture<float[][]>> MEMO = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<float[][]>> eldest) {
            return size() > CAPACITY;
        }
    };
    private static final Map<InputSource, Long> SOURCE_IDS = new WeakHashMap<>();
    private static long nextSourceId;
    private static long hits;

    private PooledStatisticsMemo() {}

    /**
     * The statistics for {@code key}: computed by {@code compute} unless this process already has them (a worker
     * asking while another computes the same key waits for it). The returned arrays are copies.
     */
    static float[][] get(String key, Supplier<float[][]> compute) {
        CompletableFuture<float[][]> f;
        boolean mine = false;
        synchronized (MEMO) {
            f = MEMO.get(key);
            if (f == null) {
                f = new CompletableFuture<>();
                MEMO.put(key, f);
                mine = true;
            } else {
                hits++;
            }
        }
        if (mine) {
            try {
                f.complete(compute.get());
            } catch (RuntimeException | Error e) {
                synchronized (MEMO) {
                    MEMO.remove(key, f);
                }
                f.completeExceptionally(e);
                throw e;
            }
        }
        float[][] s = f.join();
        float[][] copy = new float[s.length][];
        for (int i = 0; i < s.length; i++) {
            copy[i] = s[i].clone();
        }
        return copy;
    }

    /**
     * The key of a computation.
     *
     * @param structure the graph's structure (config); the variables' values come from {@code feVariables}
     */
    static String key(String structure, Map<String, INDArray> feVariables, List<Example> sample, int maxSamples,
                      int batchSize, InputSource source) {
        MessageDigest md = Sha256.newDigest();
        md.update(("ser4j-pooled-statistics-v1\n" + structure + "\nsource=" + sourceId(source) + "\ncrop=" + maxSamples
                + "\nbatch=" + batchSize + "\n").getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, INDArray> e : feVariables.entrySet()) {
            INDArray a = e.getValue();
            md.update((e.getKey() + " " + a.dataType() + " " + java.util.Arrays.toString(a.shape()) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            md.update(bytes(a));
        }
        for (Example ex : sample) {
            md.update((ex.uttId() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return Sha256.hex(md.digest());
    }

    private static byte[] bytes(INDArray a) {
        INDArray c = a.dup('c');
        switch (c.dataType()) {
            case FLOAT -> {
                float[] v = c.data().asFloat();
                ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                bb.asFloatBuffer().put(v);
                return bb.array();
            }
            case DOUBLE -> {
                double[] v = c.data().asDouble();
                ByteBuffer bb = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
                bb.asDoubleBuffer().put(v);
                return bb.array();
            }
            default -> {
                return c.data().asBytes();
            }
        }
    }

    private static synchronized long sourceId(InputSource source) {
        return SOURCE_IDS.computeIfAbsent(source, s -> ++nextSourceId);
    }

    /** How many fold runs of this process reused statistics (for tests and logs). */
    static long hits() {
        synchronized (MEMO) {
            return hits;
        }
    }

    /** Test hook: forget everything, as a new process would. */
    static void clear() {
        synchronized (MEMO) {
            MEMO.clear();
            hits = 0;
        }
    }
}
