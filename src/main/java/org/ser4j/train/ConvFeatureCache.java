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
import java.util.concurrent.CompletableFuture;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
 * <p>Sharing: the features depend on the CNN weights, the config, the normalisation flag and the utterances, which
 * together form the cache key. Within a process, workers asking for the same key share one computation; across
 * processes (a resumed demo) the features are kept in {@code cacheDir} as {@code conv-features-<key>.bin}, written
 * atomically and ignored (recomputed) when unreadable.
 */
public final class ConvFeatureCache implements InputSource {
    private static final Logger LOG = LoggerFactory.getLogger(ConvFeatureCache.class);
    private static final int MAGIC = 0x53344346; // "S4CF"
    private static final int BATCH = 8;
    /** Keyed computations of this process; the demo uses one key (the pretrained CNN), so a tiny bound suffices. */
    private static final Map<String, CompletableFuture<ConvFeatureCache>> LIVE = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<ConvFeatureCache>> eldest) {
            return size() > 2;
        }
    };

    private final HubertConfig config;
    private final int channels;
    private final Map<String, float[]> features;
    private final String key;

    private ConvFeatureCache(HubertConfig config, Map<String, float[]> features, String key) {
        this.config = config;
        this.channels = config.convDim().get(config.numConvLayers() - 1);
        this.features = features;
        this.key = key;
    }

    /**
     * The features of {@code examples} for the CNN weights {@code cnn} (the graph's {@code feature_extractor.*}
     * arrays), computed or read back from {@code cacheDir} (null = memory only).
     *
     * @param dataKey identifies the audio behind the utterance ids (e.g. the manifests' fingerprints)
     */
    public static ConvFeatureCache of(HubertConfig config, Map<String, INDArray> cnn, List<Example> examples,
                                      WaveformSource audio, boolean normalize, String dataKey, Path cacheDir)
            throws IOException {
        List<Example> sorted = new ArrayList<>(examples);
        sorted.sort(Comparator.comparing(Example::uttId));
        String key = key(config, cnn, sorted, normalize, dataKey);
        CompletableFuture<ConvFeatureCache> mine = new CompletableFuture<>();
        CompletableFuture<ConvFeatureCache> live;
        synchronized (LIVE) {
            live = LIVE.putIfAbsent(key, mine);
        }
        if (live != null) {
            try {
                return live.join();
            } catch (java.util.concurrent.CompletionException e) {
                synchronized (LIVE) {
                    LIVE.remove(key, live);
                }
                throw e;
            }
        }
        try {
            ConvFeatureCache c = load(config, sorted, key, cacheDir);
            if (c == null) {
                c = compute(config, cnn, sorted, audio, normalize, key);
                if (cacheDir != null) {
                    c.save(cacheDir.resolve(fileName(key)), sorted);
                }
            }
            mine.complete(c);
            return c;
        } catch (IOException | RuntimeException | Error e) {
            mine.completeExceptionally(e);
            synchronized (LIVE) {
                LIVE.remove(key, mine);
            }
            throw e;
        }
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

    private static String key(HubertConfig config, Map<String, INDArray> cnn, List<Example> sorted, boolean normalize,
                              String dataKey) {
        MessageDigest md = Sha256.newDigest();
        md.update(("ser4j-conv-features-v1\n" + config.toJson() + "\nnormalize=" + normalize + "\ndata=" + dataKey + "\n")
                .getBytes(StandardCharsets.UTF_8));
        for (String name : new java.util.TreeSet<>(cnn.keySet())) {
            md.update(name.getBytes(StandardCharsets.UTF_8));
            float[] v = cnn.get(name).castTo(DataType.FLOAT).dup('c').data().asFloat();
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(v.length * 4);
            bb.asFloatBuffer().put(v);
            md.update(bb.array());
        }
        for (Example e : sorted) {
            md.update((e.uttId() + "\t" + e.samples() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return Sha256.hex(md.digest());
    }

    private static ConvFeatureCache compute(HubertConfig config, Map<String, INDArray> cnn, List<Example> sorted,
                                            WaveformSource audio, boolean normalize, String key) {
        long t0 = System.nanoTime();
        SameDiff sd = SameDiff.create();
        HubertGraph g = HubertGraph.buildForImport(sd, onlyCnn(config), HubertGraph.Mode.INFERENCE);
        for (Map.Entry<String, INDArray> e : cnn.entrySet()) {
            sd.getVariable(e.getKey()).getArr().assign(e.getValue());
        }
        String out = g.extractFeatures().name();
        List<Example> byLength = new ArrayList<>(sorted);
        byLength.sort(Comparator.comparingInt(Example::samples).thenComparing(Example::uttId));
        Map<String, float[]> features = new HashMap<>();
        int channels = config.convDim().get(config.numConvLayers() - 1);
        for (int start = 0; start < byLength.size(); start += BATCH) {
            List<Example> items = byLength.subList(start, Math.min(byLength.size(), start + BATCH));
            Batch b = BatchAssembler.assemble(items, (WaveformSource) ex -> {
                float[] w = audio.waveform(ex);
                return normalize ? WaveformNormalizer.normalize(w) : w;
            }, 0, null, false);
            INDArray f = sd.output(HubertGraph.inputs(b.input(), b.mask()), out).get(out); // [B, T, C]
            for (int i = 0; i < items.size(); i++) {
                int frames = config.framesFor(b.lengths()[i]);
                float[] rows = f.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, frames),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c').data().asFloat();
                if (rows.length != frames * channels) {
                    throw new IllegalStateException("CNN features of " + items.get(i).uttId() + ": " + rows.length
                            + " values, expected " + frames + " x " + channels);
                }
                features.put(items.get(i).uttId(), rows);
            }
        }
        LOG.info("CNN features of {} utterances computed in {} s (key {})", sorted.size(),
                String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9), key.substring(0, 16));
        return new ConvFeatureCache(config, features, key);
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

    private void save(Path file, List<Example> sorted) throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
            out.writeInt(MAGIC);
            out.writeUTF(key);
            out.writeInt(channels);
            out.writeInt(sorted.size());
            for (Example e : sorted) {
                float[] f = features.get(e.uttId());
                out.writeUTF(e.uttId());
                out.writeInt(f.length);
                for (float v : f) {
                    out.writeFloat(v);
                }
            }
            out.flush();
        });
    }

    private static ConvFeatureCache load(HubertConfig config, List<Example> sorted, String key, Path cacheDir) {
        if (cacheDir == null) {
            return null;
        }
        Path file = cacheDir.resolve(fileName(key));
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || !in.readUTF().equals(key)) {
                throw new IOException("not a feature cache for key " + key);
            }
            int channels = in.readInt();
            int n = in.readInt();
            if (n != sorted.size() || channels != config.convDim().get(config.numConvLayers() - 1)) {
                throw new IOException(n + " utterances x " + channels + " channels, expected " + sorted.size());
            }
            Map<String, float[]> features = new HashMap<>();
            for (Example e : sorted) {
                String id = in.readUTF();
                int len = in.readInt();
                if (!id.equals(e.uttId()) || len % channels != 0) {
                    throw new IOException("entry " + id + " (" + len + " values) does not match " + e.uttId());
                }
                float[] f = new float[len];
                for (int i = 0; i < len; i++) {
                    f[i] = in.readFloat();
                }
                features.put(id, f);
            }
            LOG.info("CNN features of {} utterances read from {}", n, file);
            return new ConvFeatureCache(config, features, key);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: unreadable feature cache ({}); recomputing", file, e.toString());
            return null;
        }
    }
}
