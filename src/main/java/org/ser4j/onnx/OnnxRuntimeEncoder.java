package org.ser4j.onnx;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.util.BadInputException;
import org.ser4j.weights.HubertEmbedder;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Runs a ser4j-exported ONNX model (see {@link OnnxNames}) with ONNX Runtime's Java API: the {@code onnxruntime}
 * inference backend. Outputs come back as ND4J arrays with the shapes of the SameDiff path, so callers do not care
 * which backend produced them; {@link #hiddenStates(float[])} plugs into {@link HubertEmbedder} as its
 * {@link HubertEmbedder.WindowRunner}.
 *
 * <p><b>CPU</b> (default): the {@code com.microsoft.onnxruntime:onnxruntime} artifact bundles the native library.
 * <b>CUDA</b>: replace that dependency by {@code com.microsoft.onnxruntime:onnxruntime_gpu} (same version; needs the
 * CUDA and cuDNN versions that ONNX Runtime release was built against) and set {@link Settings#cudaDevice()} &ge; 0,
 * which calls {@code SessionOptions.addCUDA(device)}; nodes the CUDA provider cannot take fall back to CPU.
 *
 * <p>One instance is safe to share between threads (ONNX Runtime sessions allow concurrent {@code run} calls).
 */
public final class OnnxRuntimeEncoder implements AutoCloseable {
    /**
     * @param intraOpThreads     threads per operator (0 = ONNX Runtime's default, one per core)
     * @param cudaDevice         CUDA device to use, or -1 for CPU only
     * @param optimizedModelPath where ONNX Runtime writes the graph after its optimiser (for inspection), or null
     */
    public record Settings(int intraOpThreads, int cudaDevice, Path optimizedModelPath) {
        public static Settings cpu(int threads) {
            return new Settings(threads, -1, null);
        }

        public Settings withOptimizedModelPath(Path p) {
            return new Settings(intraOpThreads, cudaDevice, p);
        }
    }

    private final OrtEnvironment env;
    private final OrtSession session;
    private final Path modelFile;
    private final Map<String, String> metadata;

    private OnnxRuntimeEncoder(OrtEnvironment env, OrtSession session, Path modelFile, Map<String, String> metadata) {
        this.env = env;
        this.session = session;
        this.modelFile = modelFile;
        this.metadata = metadata;
    }

    /** Opens {@code modelFile} (external data, if any, is found beside it). */
    public static OnnxRuntimeEncoder open(Path modelFile, Settings settings) {
        if (!Files.isRegularFile(modelFile)) {
            throw new BadInputException(modelFile + ": no such ONNX model file");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (settings.intraOpThreads() > 0) {
                so.setIntraOpNumThreads(settings.intraOpThreads());
            }
            if (settings.optimizedModelPath() != null) {
                so.setOptimizedModelFilePath(settings.optimizedModelPath().toString());
                // Keep the dumped graph small: its weights go to a side file (ORT session config keys).
                so.addConfigEntry("session.optimized_model_external_initializers_file_name",
                        settings.optimizedModelPath().getFileName() + ".data");
                so.addConfigEntry("session.optimized_model_external_initializers_min_size_in_bytes", "1024");
            }
            if (settings.cudaDevice() >= 0) {
                so.addCUDA(settings.cudaDevice());
            }
            OrtSession session = env.createSession(modelFile.toString(), so);
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            return new OnnxRuntimeEncoder(env, session, modelFile, meta);
        } catch (OrtException e) {
            throw new BadInputException(modelFile + ": ONNX Runtime cannot load the model (" + e.getMessage() + ")", e);
        }
    }

    public Set<String> outputNames() {
        try {
            return session.getOutputNames();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Custom metadata of the model (label lists, normalisation, sample rate; see {@link OnnxNames}). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Emotion label names in logit order (empty for an encoder-only model). */
    public List<String> emotionLabels() {
        return labels(OnnxNames.META_EMOTION_LABELS);
    }

    public List<String> domainLabels() {
        return labels(OnnxNames.META_DOMAIN_LABELS);
    }

    private List<String> labels(String key) {
        String v = metadata.get(key);
        if (v == null) {
            return List.of();
        }
        try {
            return new ObjectMapper().readValue(v, new TypeReference<List<String>>() {});
        } catch (java.io.IOException e) {
            throw new BadInputException(modelFile + ": metadata " + key + " is not a JSON list (" + v + ")", e);
        }
    }

    /** Whether the model expects waveforms normalised per utterance (from its metadata; true if absent). */
    public boolean doNormalize() {
        return Boolean.parseBoolean(metadata.getOrDefault(OnnxNames.META_DO_NORMALIZE, "true"));
    }

    /**
     * Runs a batch.
     *
     * @param inputValues   [B, S] float waveforms (normalised, zero-padded)
     * @param attentionMask [B, S] 1 = valid sample, or null for no padding (all ones)
     * @param outputs       the outputs wanted (names from {@link OnnxNames}); empty = all
     * @return float arrays for float outputs, FLOAT-cast arrays for the int64 frame mask
     */
    public Map<String, INDArray> run(INDArray inputValues, INDArray attentionMask, Set<String> outputs) {
        if (inputValues.rank() != 2) {
            throw new IllegalArgumentException("input_values must be [batch, samples], got "
                    + java.util.Arrays.toString(inputValues.shape()));
        }
        long[] shape = inputValues.shape();
        float[] x = inputValues.castTo(DataType.FLOAT).dup('c').data().asFloat();
        long[] m = new long[x.length];
        if (attentionMask == null) {
            java.util.Arrays.fill(m, 1L);
        } else {
            if (!java.util.Arrays.equals(attentionMask.shape(), shape)) {
                throw new IllegalArgumentException("attention_mask shape " + java.util.Arrays.toString(
                        attentionMask.shape()) + " differs from input_values " + java.util.Arrays.toString(shape));
            }
            double[] md = attentionMask.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            for (int i = 0; i < md.length; i++) {
                m[i] = md[i] != 0 ? 1L : 0L;
            }
        }
        Set<String> wanted = outputs == null || outputs.isEmpty() ? outputNames() : new LinkedHashSet<>(outputs);
        try (OnnxTensor xt = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
             OnnxTensor mt = OnnxTensor.createTensor(env, LongBuffer.wrap(m), shape)) {
            Map<String, OnnxTensor> inputs = Map.of(OnnxNames.INPUT_VALUES, xt, OnnxNames.ATTENTION_MASK, mt);
            try (OrtSession.Result r = session.run(inputs, wanted)) {
                Map<String, INDArray> out = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : r) {
                    out.put(e.getKey(), toArray((OnnxTensor) e.getValue()));
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException(modelFile + ": ONNX Runtime run failed (" + e.getMessage() + ")", e);
        }
    }

    private static INDArray toArray(OnnxTensor t) {
        long[] shape = t.getInfo().getShape();
        return switch (t.getInfo().type) {
            case FLOAT -> {
                FloatBuffer fb = t.getFloatBuffer();
                float[] v = new float[fb.remaining()];
                fb.get(v);
                yield Nd4j.create(v, shape, 'c');
            }
            case INT64 -> {
                LongBuffer lb = t.getLongBuffer();
                float[] v = new float[lb.remaining()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = lb.get(i);
                }
                yield Nd4j.create(v, shape, 'c');
            }
            default -> throw new IllegalStateException("unexpected output type " + t.getInfo().type);
        };
    }

    /**
     * Hidden states [layers + 1, frames, hidden] of one normalised, unpadded waveform, as
     * {@link HubertEmbedder.WindowRunner} wants them. Needs a model exported with {@code --hidden-states}.
     */
    public INDArray hiddenStates(float[] normalisedWindow) {
        if (!outputNames().contains(OnnxNames.HIDDEN_STATES)) {
            throw new BadInputException(modelFile + ": the model has no " + OnnxNames.HIDDEN_STATES
                    + " output; export it with --hidden-states");
        }
        INDArray x = Nd4j.create(normalisedWindow, new long[] {1, normalisedWindow.length}, 'c');
        INDArray hs = run(x, null, Set.of(OnnxNames.HIDDEN_STATES)).get(OnnxNames.HIDDEN_STATES); // [L+1, 1, T, H]
        return hs.reshape(hs.size(0), hs.size(2), hs.size(3));
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
