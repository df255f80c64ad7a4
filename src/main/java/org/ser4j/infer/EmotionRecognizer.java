package org.ser4j.infer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.ser4j.audio.Audio;
import org.ser4j.audio.Resampler;
import org.ser4j.audio.WavReader;
import org.ser4j.audio.WaveformNormalizer;
import org.ser4j.util.BadInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emotion recognition from an exported model directory, with nothing but ser4j's jar:
 * <pre>{@code
 * try (EmotionRecognizer r = EmotionRecognizer.load(Path.of("runs/.../fold-1/model"))) {
 *     Prediction p = r.predict(Path.of("hello.wav"));
 *     System.out.println(p.label() + " " + p.probabilityMap());
 * }
 * }</pre>
 * Inputs go through the model's own preprocessing: mono downmix, resampling to the model's rate (16 kHz), per-input
 * zero-mean / unit-variance normalisation when {@code do_normalize} says so, then chunking of long inputs
 * ({@link ChunkingPolicy}). {@link #predictBatch} pads several inputs into one forward pass with sample masks;
 * masked mean pooling ignores the padding, so a batched prediction equals the one-by-one prediction (exactly for
 * layer-norm encoders like hubert-large; group-norm encoders normalise their first conv block over the padded
 * length, as in Hugging Face).
 *
 * <p>Thread-safe: the recognizer holds no mutable state of its own and the backend serialises its calls.
 */
public final class EmotionRecognizer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmotionRecognizer.class);

    private final ExportedModel model;
    private final RecognizerOptions options;
    private final InferenceBackend backend;

    private EmotionRecognizer(ExportedModel model, RecognizerOptions options, InferenceBackend backend) {
        this.model = model;
        this.options = options;
        this.backend = backend;
    }

    public static EmotionRecognizer load(Path modelDir) {
        return load(modelDir, RecognizerOptions.defaults());
    }

    public static EmotionRecognizer load(Path modelDir, RecognizerOptions options) {
        ExportedModel model = ExportedModel.load(modelDir);
        InferenceBackend backend = options.backend().create(model);
        LOG.info("loaded {} (labels {}, {}) on {}", modelDir, model.metadata().labels(),
                model.metadata().hasDomainHead() ? "domain head " + model.metadata().domains() : "no domain head",
                backend.describe());
        return new EmotionRecognizer(model, options, backend);
    }

    public ModelMetadata metadata() {
        return model.metadata();
    }

    public List<String> labels() {
        return model.metadata().labels();
    }

    public RecognizerOptions options() {
        return options;
    }

    /** Predicts one WAV file (any rate, PCM or float, mono or multi-channel). */
    public Prediction predict(Path wav) {
        return predictFiles(List.of(wav)).get(0);
    }

    /** Predicts one waveform (float samples in [-1, 1], mono) recorded at {@code sampleRate}. */
    public Prediction predict(float[] samples, int sampleRate) {
        return predictBatch(List.of(new Audio(samples, sampleRate))).get(0);
    }

    /** Predicts several WAV files in padded batches; results come back in input order. */
    public List<Prediction> predictFiles(List<Path> wavs) {
        List<float[]> waves = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path p : wavs) {
            Audio a = WavReader.read(p);
            waves.add(toModelRate(a));
            names.add(p.toString());
        }
        return run(waves, names);
    }

    /** Predicts several waveforms in padded batches; results come back in input order. */
    public List<Prediction> predictBatch(List<Audio> inputs) {
        List<float[]> waves = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            float[] samples = inputs.get(i).samples();
            for (int j = 0; j < samples.length; j++) {
                if (!Float.isFinite(samples[j])) { // the WAV reader's rule, for waveforms handed over directly
                    throw new BadInputException("input #" + i + ": non-finite sample " + samples[j]
                            + " at sample index " + j);
                }
            }
            waves.add(toModelRate(inputs.get(i)));
            names.add("input #" + i);
        }
        return run(waves, names);
    }

    private float[] toModelRate(Audio a) {
        int rate = model.metadata().sampleRate();
        return a.sampleRate() == rate ? a.samples() : Resampler.resample(a.samples(), a.sampleRate(), rate);
    }

    /** One window of one input. */
    private record Window(int input, float[] samples) {}

    private List<Prediction> run(List<float[]> waves, List<String> names) {
        ModelMetadata meta = model.metadata();
        int rate = meta.sampleRate();
        int minimum = model.config().receptiveField();
        ChunkingPolicy chunking = options.chunking();
        int window = chunking.windowSamples(rate);
        List<Window> windows = new ArrayList<>();
        int[] count = new int[waves.size()];
        for (int i = 0; i < waves.size(); i++) {
            float[] w = waves.get(i);
            if (w.length < minimum) {
                throw new BadInputException(names.get(i) + ": " + w.length + " samples at " + rate
                        + " Hz is too short; the model needs at least " + minimum + " samples (one frame)");
            }
            for (int start : chunking.starts(w.length, rate)) {
                int len = Math.min(window, w.length - start);
                float[] part = new float[len];
                System.arraycopy(w, start, part, 0, len);
                windows.add(new Window(i, meta.doNormalize() ? WaveformNormalizer.normalize(part) : part));
                count[i]++;
            }
        }
        // length order keeps padding small; the stable sort keeps results reproducible
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> windows.get(i).samples().length));
        int labels = meta.labels().size();
        int domains = meta.domains().size();
        double[][] emoSum = new double[waves.size()][labels];
        double[][] domSum = meta.hasDomainHead() ? new double[waves.size()][domains] : null;
        for (int from = 0; from < order.size(); from += options.batchSize()) {
            List<Integer> idx = order.subList(from, Math.min(order.size(), from + options.batchSize()));
            float[][] items = new float[idx.size()][];
            for (int k = 0; k < idx.size(); k++) {
                items[k] = windows.get(idx.get(k)).samples();
            }
            HeadLogits out = backend.forward(PaddedBatch.of(items));
            for (int k = 0; k < idx.size(); k++) {
                int input = windows.get(idx.get(k)).input();
                for (int c = 0; c < labels; c++) {
                    emoSum[input][c] += out.emotion()[k][c];
                }
                if (domSum != null) {
                    for (int c = 0; c < domains; c++) {
                        domSum[input][c] += out.domain()[k][c];
                    }
                }
            }
        }
        List<Prediction> result = new ArrayList<>();
        for (int i = 0; i < waves.size(); i++) {
            float[] logits = mean(emoSum[i], count[i]);
            float[] probs = Prediction.softmax(logits);
            requireFinite(names.get(i), "emotion logits", logits, probs);
            float[] domLogits = domSum == null ? null : mean(domSum[i], count[i]);
            float[] domProbs = domLogits == null ? null : Prediction.softmax(domLogits);
            if (domLogits != null) {
                requireFinite(names.get(i), "domain logits", domLogits, domProbs);
            }
            result.add(new Prediction(meta.labels().get(Prediction.argmax(probs)), meta.labels(), probs, logits,
                    meta.domains(), domProbs, count[i], waves.get(i).length / (double) rate));
        }
        return result;
    }

    /**
     * The input's audio is finite (the reader refuses anything else), so non-finite logits or probabilities come from
     * the model (weights that overflow float32 or divide by zero): bad input named with the input and the model, so
     * that no caller prints or writes a NaN prediction.
     */
    private void requireFinite(String input, String what, float[] logits, float[] probabilities) {
        for (int c = 0; c < logits.length; c++) {
            if (!Float.isFinite(logits[c]) || !Float.isFinite(probabilities[c])) {
                throw new BadInputException(input + ": the model " + model.dir() + " gave non-finite " + what + " "
                        + Arrays.toString(logits) + " (probabilities " + Arrays.toString(probabilities)
                        + ") for this finite audio; no prediction is reported (its weights overflow float32 or"
                        + " divide by zero)");
            }
        }
    }

    private static float[] mean(double[] sum, int n) {
        float[] out = new float[sum.length];
        for (int c = 0; c < sum.length; c++) {
            out[c] = (float) (sum[c] / n);
        }
        return out;
    }

    @Override
    public void close() {
        backend.close();
    }
}
