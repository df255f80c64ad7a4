package org.ser4j.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ser4j.audio.WaveformNormalizer;
import org.ser4j.nn.hubert.HubertConfig;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.util.AtomicFiles;
import org.ser4j.util.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frozen CNN feature encoder's output ({@code extract_features}, [frames, C]) of every utterance, computed once
 * and fed to a graph built with {@link HubertGraph.Entry#CONV_FEATURES}. With the CNN frozen (the default fine-tuning
 * recipe) its output for an utterance never changes, yet it dominates the cost of a small model's step: measured on
 * the demo's tiny HuBERT, 8 x 2 s, the CNN is ~85 % of the forward. Training on cached features spends the steps on
 * the transformer and the heads instead.
 *
 * <p>Exactness: the CNN's norms are per frame ({@code feat_extract_norm: layer}) or per channel over the whole item
 * (group norm, {@code feat_extract_norm: group}). For the first kind, a crop of rows of the cached features equals
 * the features of the matching waveform crop except at its edges, where the waveform crop would cut the receptive
 * field; with group norm (hubert-base) crops differ more, so the cache is meant for layer-norm encoders (all
 * large-style configs, the demo's tiny one). Waveforms are normalised over the whole utterance (as inference does)
 * rather than per crop. Whole-utterance evaluation is exact: the same frames the waveform graph computes.
 *
 * <p>Sharing: the features depend on the CNN weights, the config, the normalisation flag and the manifests'
 * fingerprints, which together form the cache key; utterances are added as experiments ask for them (a
 * single-language experiment asks for half of a corpus). Within a process, workers with the same key share one
 * cache and wait for each other's computations; across processes (a resumed demo) the features are kept in
 * {@code cacheDir} as {@code conv-features-<key>.bin}, rewritten atomically when they change and ignored
 * (recomputed) when unreadable.
 *
 * <p>Staleness: a manifest's fingerprint covers its rows, not the audio they point to. So each entry also stores the
 * SHA-256 of the utterance's 16 kHz waveform it was computed from, and the first time a process asks for an entry,
 * the waveform is read and digested again: audio edited in place, the same manifest over another corpus root, or an
 * entry written by a run on other audio is recomputed, never read. An entry with a non-finite value is recomputed
 * too. Cost: one decode of each cached utterance per process, small next to the CNN it saves.
 */
public final class ConvFeatureCache implements InputSource {
    private static final Logger LOG = LoggerFactory.getLogger(ConvFeatureCache.class);
    private static final int MAGIC = 0x53344332; // "S4C2": entries carry their waveform's digest
    private static final int BATCH = 8;
    /** This process's caches by key; the demo uses one key (the pretrained CNN), so a tiny bound suffices. */
    private static final Map<String, ConvFeatureCache> LIVE = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ConvFeatureCache> eldest) {
            return size() > 2;
        }
    };

    private final HubertConfig config;
    private final int channels;
    private final Map<String, float[]> features = new HashMap<>();
    /** Per utterance: the SHA-256 of the waveform its features were computed from. */
    private final Map<String, String> digests = new HashMap<>();
    /** Utterances whose entry this process computed or checked against the audio. */
    private final java.util.Set<String> checked = new java.util.HashSet<>();
    private final String key;
    private final Path file;
    private boolean loaded;

    private ConvFeatureCache(HubertConfig config, String key, Path file) {
        this.config = config;
        this.channels = config.convDim().get(config.numConvLayers() - 1);
        this.key = key;
        this.file = file;
    }

    /**
     * The features of {@code examples} for the CNN weights {@code cnn} (the graph's {@code feature_extractor.*}
     * arrays): read back from {@code cacheDir} (null = memory only), and computed for the utterances it lacks.
     *
     * @param dataKey identifies the audio behind the utterance ids (e.g. the manifests' fingerprints)
     */
    public static ConvFeatureCache of(HubertConfig config, Map<String, INDArray> cnn, List<Example> examples,
                                      WaveformSource audio, boolean normalize, String dataKey, Path cacheDir)
            throws IOException {
        String key = key(config, cnn, normalize, dataKey);
        ConvFeatureCache c;
        synchronized (LIVE) {
            c = LIVE.computeIfAbsent(key, k -> new ConvFeatureCache(config, k,
                    cacheDir == null ? null : cacheDir.resolve(fileName(k))));
        }
        c.ensure(cnn, examples, audio, normalize);
        return c;
    }

    /**
     * Loads the file once, checks entries not yet checked against their audio, computes what is missing or stale
     * (workers asking at the same time wait), and saves if anything changed.
     */
    private synchronized void ensure(Map<String, INDArray> cnn, List<Example> examples, WaveformSource audio,
                                     boolean normalize) throws IOException {
        if (!loaded) {
            load();
            loaded = true;
        }
        List<Example> missing = new ArrayList<>();
        List<Example> toCheck = new ArrayList<>();
        for (Example e : examples) {
            if (checked.contains(e.uttId())) {
                continue;
            }
            (features.containsKey(e.uttId()) ? toCheck : missing).add(e);
        }
        Map<String, String> now = new java.util.concurrent.ConcurrentHashMap<>();
        toCheck.parallelStream().forEach(e -> now.put(e.uttId(), digest(audio.waveform(e))));
        int stale = 0;
        for (Example e : toCheck) {
            if (now.get(e.uttId()).equals(digests.get(e.uttId()))) {
                checked.add(e.uttId());
            } else {
                features.remove(e.uttId());
                digests.remove(e.uttId());
                missing.add(e);
                stale++;
            }
        }
        if (stale > 0) {
            LOG.warn("{} cached CNN feature entries were computed from other audio than the corpus holds now; "
                    + "recomputing them (key {})", stale, key.substring(0, 16));
        }
        if (missing.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Computed> c : compute(config, cnn, missing, audio, normalize, key).entrySet()) {
            features.put(c.getKey(), c.getValue().rows());
            digests.put(c.getKey(), c.getValue().waveformDigest());
            checked.add(c.getKey());
        }
        if (file != null) {
            save();
        }
    }

    /** One utterance's features and the digest of the waveform they were computed from. */
    private record Computed(float[] rows, String waveformDigest) {}

    /** SHA-256 of the waveform's float bits: identifies the audio the CNN saw, whatever file or root it came from. */
    static String digest(float[] waveform) {
        MessageDigest md = Sha256.newDigest();
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(4 * 4096);
        for (int from = 0; from < waveform.length; from += 4096) {
            int n = Math.min(4096, waveform.length - from);
            bb.clear();
            bb.asFloatBuffer().put(waveform, from, n);
            md.update(bb.array(), 0, 4 * n);
        }
        return Sha256.hex(md.digest());
    }

    /** Test hook: forget this process's computations, as a new process would. */
    static void forgetLoaded() {
        synchronized (LIVE) {
            LIVE.clear();
        }
    }

    static String fileName(String key) {
        return "conv-features-" + key.substring(0, 16) + ".bin";
    }

    public String key() {
        return key;
    }

    @Override
    public float[] rows(Example example) {
        float[] f = features.get(example.uttId());
        if (f == null) {
            throw new IllegalArgumentException("no cached CNN features for utterance " + example.uttId());
        }
        return f;
    }

    @Override
    public int width() {
        return channels;
    }

    @Override
    public int rowsFor(int samples) {
        return config.framesFor(samples);
    }

    @Override
    public float[] prepare(float[] rows) {
        return rows;
    }

    private static String key(HubertConfig config, Map<String, INDArray> cnn, boolean normalize, String dataKey) {
        MessageDigest md = Sha256.newDigest();
        md.update(("ser4j-conv-features-v2\n" + config.toJson() + "\nnormalize=" + normalize + "\ndata=" + dataKey + "\n")
                .getBytes(StandardCharsets.UTF_8));
        for (String name : new java.util.TreeSet<>(cnn.keySet())) {
            md.update(name.getBytes(StandardCharsets.UTF_8));
            float[] v = cnn.get(name).castTo(DataType.FLOAT).dup('c').data().asFloat();
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(v.length * 4);
            bb.asFloatBuffer().put(v);
            md.update(bb.array());
        }
        return Sha256.hex(md.digest());
    }

    /**
     * Runs the CNN over {@code todo} in length-sorted batches, on as many Java threads as there are cores, each with
     * its own graph. WHY threads: workers run with one OpenMP thread each, and the other workers wait for this
     * computation (same key), so their cores would otherwise idle. Batching with padding is exact: a frame computed
     * from valid samples only never sees the padding.
     */
    private static Map<String, Computed> compute(HubertConfig config, Map<String, INDArray> cnn, List<Example> todo,
                                                 WaveformSource audio, boolean normalize, String key) {
        long t0 = System.nanoTime();
        List<Example> byLength = new ArrayList<>(todo);
        byLength.sort(Comparator.comparingInt(Example::samples).thenComparing(Example::uttId));
        List<List<Example>> batches = new ArrayList<>();
        for (int start = 0; start < byLength.size(); start += BATCH) {
            batches.add(byLength.subList(start, Math.min(byLength.size(), start + BATCH)));
        }
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), batches.size()));
        Map<String, Computed> features = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "conv-feature-cache");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int w = 0; w < threads; w++) {
                running.add(pool.submit(() -> {
                    SameDiff sd = SameDiff.create();
                    HubertGraph g = HubertGraph.buildForImport(sd, onlyCnn(config), HubertGraph.Mode.INFERENCE);
                    for (Map.Entry<String, INDArray> e : cnn.entrySet()) {
                        sd.getVariable(e.getKey()).getArr().assign(e.getValue());
                    }
                    String out = g.extractFeatures().name();
                    for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                        features.putAll(run(sd, out, config, batches.get(i), audio, normalize));
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while computing CNN features", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
        LOG.info("CNN features of {} utterances computed in {} s on {} threads (key {})", todo.size(),
                String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9), threads,
                key.substring(0, 16));
        return features;
    }

    private static Map<String, Computed> run(SameDiff sd, String out, HubertConfig config, List<Example> items,
                                             WaveformSource audio, boolean normalize) {
        Map<String, String> waveformDigests = new java.util.concurrent.ConcurrentHashMap<>();
        Batch b = BatchAssembler.assemble(items, (WaveformSource) ex -> {
            float[] w = audio.waveform(ex);
            waveformDigests.put(ex.uttId(), digest(w)); // the very samples the features come from
            return normalize ? WaveformNormalizer.normalize(w) : w;
        }, 0, null, false);
        INDArray f = sd.output(HubertGraph.inputs(b.input(), b.mask()), out).get(out); // [B, T, C]
        int channels = config.convDim().get(config.numConvLayers() - 1);
        Map<String, Computed> features = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            int frames = config.framesFor(b.lengths()[i]);
            float[] rows = f.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, frames),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c').data().asFloat();
            if (rows.length != frames * channels) {
                throw new IllegalStateException("CNN features of " + items.get(i).uttId() + ": " + rows.length
                        + " values, expected " + frames + " x " + channels);
            }
            features.put(items.get(i).uttId(), new Computed(rows, waveformDigests.get(items.get(i).uttId())));
        }
        return features;
    }

    /** The config with no transformer layers: the feature graph only needs the CNN, and hubert-large's 24 layers of
     * zero weights would cost gigabytes for nothing. */
    public static HubertConfig onlyCnn(HubertConfig c) {
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode o =
                    (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(c.toJson());
            o.put("num_hidden_layers", 0);
            return HubertConfig.fromJson(json.writeValueAsString(o));
        } catch (IOException e) {
            throw new IllegalStateException("cannot rewrite the HuBERT config", e);
        }
    }

    private void save() throws IOException {
        List<String> ids = new ArrayList<>(features.keySet());
        java.util.Collections.sort(ids);
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
            out.writeInt(MAGIC);
            out.writeUTF(key);
            out.writeInt(channels);
            out.writeInt(ids.size());
            for (String id : ids) {
                float[] f = features.get(id);
                out.writeUTF(id);
                out.writeUTF(digests.get(id));
                out.writeInt(f.length);
                for (float v : f) {
                    out.writeFloat(v);
                }
            }
            out.flush();
        });
    }

    /**
     * Reads the file when there is one; an unreadable file is ignored, an entry with a non-finite value is left out
     * (their features are recomputed).
     */
    private void load() {
        if (file == null || !Files.isRegularFile(file)) {
            return;
        }
        Map<String, float[]> read = new HashMap<>();
        Map<String, String> readDigests = new HashMap<>();
        int nonFinite = 0;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || !in.readUTF().equals(key)) {
                throw new IOException("not a feature cache for key " + key);
            }
            int c = in.readInt();
            int n = in.readInt();
            if (c != channels) {
                throw new IOException(c + " channels, expected " + channels);
            }
            for (int k = 0; k < n; k++) {
                String id = in.readUTF();
                String waveformDigest = in.readUTF();
                int len = in.readInt();
                if (len % channels != 0) {
                    throw new IOException("entry " + id + " has " + len + " values, not a multiple of " + channels);
                }
                float[] f = new float[len];
                boolean finite = true;
                for (int i = 0; i < len; i++) {
                    f[i] = in.readFloat();
                    finite &= Float.isFinite(f[i]);
                }
                if (finite) {
                    read.put(id, f);
                    readDigests.put(id, waveformDigest);
                } else {
                    nonFinite++;
                }
            }
            features.putAll(read);
            digests.putAll(readDigests);
            LOG.info("CNN features of {} utterances read from {}", read.size(), file);
            if (nonFinite > 0) {
                LOG.warn("{}: {} entries hold non-finite values; recomputing them", file, nonFinite);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: unreadable feature cache ({}); recomputing", file, e.toString());
        }
    }
}
