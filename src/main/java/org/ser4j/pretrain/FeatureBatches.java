package org.ser4j.pretrain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.nn.hubert.HubertGraph;

/**
 * Batches of a frozen-CNN stage: the graph starts at the CNN output ({@link HubertGraph.Entry#CONV_FEATURES}); each
 * item is a crop of {@link #frames()} consecutive frames of an utterance's cached CNN features, at an offset drawn
 * per step from the step's generator (so every epoch sees other parts of the utterances), with the frame targets of
 * the same positions. Utterances shorter than the crop are padded (frame mask 0, no target).
 *
 * <p>Masking happens after the feature projection, as in the waveform graph, so a batch here and a waveform batch
 * of the same audio and masks give the same loss (up to the CNN's receptive field at crop edges; tested).
 */
final class FeatureBatches implements MaskedBatches {
    private final PretrainModel model;
    private final List<float[]> features;
    private final int[][] labels;
    private final int channels;
    private final int frames;

    /**
     * @param features per utterance, the CNN output [T_u, C] row-major
     * @param labels   per utterance, one target per frame (length T_u, -1 = no target)
     * @param frames   crop length in frames
     */
    FeatureBatches(PretrainModel model, List<float[]> features, int[][] labels, int frames) {
        if (model.encoder().entry() != HubertGraph.Entry.CONV_FEATURES) {
            throw new IllegalArgumentException("feature batches need a graph that starts at the CNN features");
        }
        HubertGraph g = model.encoder();
        this.model = model;
        this.features = features;
        this.labels = labels;
        this.channels = g.config().convDim().get(g.config().numConvLayers() - 1);
        this.frames = frames;
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).length != labels[i].length * channels) {
                throw new IllegalArgumentException("utterance " + i + ": " + features.get(i).length / channels
                        + " feature frames but " + labels[i].length + " targets");
            }
        }
    }

    @Override
    public int size() {
        return features.size();
    }

    @Override
    public int frames() {
        return frames;
    }

    @Override
    public Map<String, INDArray> placeholders(int[] items, Random rng, double[] maskedOut) {
        int b = items.length;
        float[] input = new float[b * frames * channels];
        float[] frameMask = new float[b * frames];
        int[] valid = new int[b];
        int[][] rows = new int[b][frames];
        for (int i = 0; i < b; i++) {
            int[] lab = labels[items[i]];
            int total = lab.length;
            valid[i] = Math.min(total, frames);
            int offset = total > frames ? rng.nextInt(total - frames + 1) : 0;
            System.arraycopy(features.get(items[i]), offset * channels, input, i * frames * channels,
                    valid[i] * channels);
            java.util.Arrays.fill(frameMask, i * frames, i * frames + valid[i], 1f);
            java.util.Arrays.fill(rows[i], -1);
            System.arraycopy(lab, offset, rows[i], 0, valid[i]);
        }
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(HubertGraph.EXTRACT_FEATURES, Nd4j.create(input, new long[] {b, frames, channels}, 'c'));
        ph.put(HubertGraph.FRAME_MASK, Nd4j.create(frameMask, new long[] {b, frames}, 'c'));
        ph.putAll(model.encoder().trainingMasks(b, frames, valid, rng));
        WaveformBatches.addTargets(ph, rows, frames, model.clusters(), maskedOut);
        return ph;
    }
}
