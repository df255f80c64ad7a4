package org.ser4j.weights;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.ser4j.audio.WaveformNormalizer;
import org.ser4j.nn.hubert.HubertGraph;
import org.ser4j.util.BadInputException;

/**
 * All hidden states of one utterance, {@code [layers + 1, frames, hidden]} in HF order, from a loaded model:
 * the 16 kHz waveform is normalised as the model's preprocessing says, then run as a batch of one (no padding).
 *
 * <p><b>Chunked inference</b> bounds memory for long inputs: an utterance longer than {@code windowSamples} is cut
 * into windows of that length whose starts advance by {@code windowSamples - overlapSamples} (both rounded down to
 * the conv stack's total stride, 320 samples, so window frames line up with the full-utterance frame grid). Each
 * output frame is taken from the window in whose centre part it lies: the boundary between windows k and k+1 is
 * half an overlap after window k+1 starts. Normalisation uses the whole utterance's statistics. Frames near a seam
 * differ from a full-length pass (attention and the positional conv only see one window); the frame count is always
 * exactly that of a full pass.
 */
public final class HubertEmbedder {
    /** Default window: 30 s at 16 kHz; overlap 2 s (1 s of context on each side of a seam). */
    public static final int DEFAULT_WINDOW_SAMPLES = 30 * 16_000;
    public static final int DEFAULT_OVERLAP_SAMPLES = 2 * 16_000;

    /**
     * Computes the hidden states [layers + 1, frames, hidden] of one already normalised, unpadded window. The default
     * runs ser4j's SameDiff graph; another inference backend (e.g. ONNX Runtime) plugs in here and reuses the
     * windowing, so both backends give outputs of the same shape and meaning.
     */
    @FunctionalInterface
    public interface WindowRunner {
        INDArray hiddenStates(float[] normalisedWindow);
    }

    private final ModelDirectory model;
    private final HubertGraph graph;
    private final WindowRunner runner;
    private final int windowSamples;
    private final int overlapSamples;

    public HubertEmbedder(ModelDirectory model, int windowSamples, int overlapSamples) {
        this(model, windowSamples, overlapSamples, null);
    }

    /** @param runner the backend for each window; null = ser4j's SameDiff graph built from {@code model} */
    public HubertEmbedder(ModelDirectory model, int windowSamples, int overlapSamples, WindowRunner runner) {
        int stride = model.config().totalStride();
        this.windowSamples = windowSamples / stride * stride;
        this.overlapSamples = overlapSamples / stride * stride;
        if (this.overlapSamples < 4 * stride || this.windowSamples <= 2 * this.overlapSamples) {
            throw new IllegalArgumentException("window " + windowSamples + " must exceed twice the overlap "
                    + overlapSamples + ", and the overlap must cover at least 4 frames");
        }
        this.model = model;
        this.graph = runner != null ? null : model.buildGraph(SameDiff.create(), HubertGraph.Mode.INFERENCE,
                WeightImporter.Policy.ignoreUnexpected()).graph();
        this.runner = runner != null ? runner : this::runGraph;
    }

    public HubertEmbedder(ModelDirectory model) {
        this(model, DEFAULT_WINDOW_SAMPLES, DEFAULT_OVERLAP_SAMPLES);
    }

    /** The SameDiff graph, or null when another backend runs the windows. */
    public HubertGraph graph() {
        return graph;
    }

    /** Hidden states [layers + 1, frames, hidden] of a raw (not yet normalised) 16 kHz waveform. */
    public INDArray hiddenStates(float[] waveform16k) {
        int minimum = model.config().receptiveField();
        if (waveform16k.length < minimum) {
            throw new BadInputException("audio has " + waveform16k.length + " samples; the model needs at"
                    + " least " + minimum + " (one frame)");
        }
        float[] x = model.doNormalize() ? WaveformNormalizer.normalize(waveform16k) : waveform16k;
        if (x.length <= windowSamples) {
            return requireFinite(run(x, 0, x.length));
        }
        int stride = model.config().totalStride();
        int hop = windowSamples - overlapSamples;
        List<Integer> starts = new ArrayList<>();
        for (int s = 0; ; s += hop) {
            starts.add(s);
            if (s + windowSamples >= x.length) {
                break;
            }
        }
        int totalFrames = model.config().framesFor(x.length);
        INDArray out = null;
        int frame = 0;
        for (int k = 0; k < starts.size(); k++) {
            int start = starts.get(k);
            int end = Math.min(start + windowSamples, x.length);
            INDArray hs = run(x, start, end);
            if (out == null) {
                out = Nd4j.create(DataType.FLOAT, hs.size(0), totalFrames, hs.size(2));
            }
            int lastFrame = k + 1 < starts.size() ? (starts.get(k + 1) + overlapSamples / 2) / stride : totalFrames;
            int offset = start / stride;
            int n = lastFrame - frame;
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(frame, lastFrame), NDArrayIndex.all())
                    .assign(hs.get(NDArrayIndex.all(), NDArrayIndex.interval(frame - offset, frame - offset + n),
                            NDArrayIndex.all()));
            frame = lastFrame;
        }
        return requireFinite(out);
    }

    /**
     * Finite audio can still give non-finite hidden states when the weights overflow float32 or divide by zero (a
     * positional-conv tap whose {@code weight_v} is all zero): bad input naming the first such value, so that no
     * caller writes it. The caller names the audio.
     */
    static INDArray requireFinite(INDArray hs) {
        if (!BooleanIndexing.or(hs, Conditions.notFinite())) {
            return hs;
        }
        float[] v = hs.dup('c').data().asFloat(); // rare path: find the first bad value to name it
        long frames = hs.size(1);
        long hidden = hs.size(2);
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new BadInputException("the model's hidden states are not finite (" + v[i] + " at hidden state "
                        + i / (frames * hidden) + ", frame " + i / hidden % frames + ", unit " + i % hidden
                        + ") although the audio is; nothing is written for it (the weights overflow float32 or"
                        + " divide by zero)");
            }
        }
        throw new BadInputException("the model's hidden states are not finite although the audio is");
    }

    private INDArray run(float[] x, int from, int to) {
        return runner.hiddenStates(java.util.Arrays.copyOfRange(x, from, to));
    }

    private INDArray runGraph(float[] part) {
        INDArray input = Nd4j.create(part, new long[] {1, part.length}, 'c');
        Map<String, INDArray> out = graph.sameDiff().output(HubertGraph.inputs(input, null), graph.hiddenStateNames());
        List<INDArray> layers = new ArrayList<>();
        for (String name : graph.hiddenStateNames()) {
            layers.add(out.get(name)); // [1, T, H]
        }
        return Nd4j.concat(0, layers.toArray(new INDArray[0]));
    }
}
