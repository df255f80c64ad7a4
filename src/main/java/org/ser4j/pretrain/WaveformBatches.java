package org.ser4j.pretrain;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.nn.hubert.HubertGraph;

/** Batches of the waveform stage: fixed 20 ms-aligned crops, the CNN in the graph, MFCC targets per crop frame. */
final class WaveformBatches implements MaskedBatches {
    private final PretrainModel model;
    private final UnlabelledCrops crops;
    private final CropTargets targets;
    private final int frames;

    WaveformBatches(PretrainModel model, UnlabelledCrops crops, CropTargets targets) {
        this.model = model;
        this.crops = crops;
        this.targets = targets;
        this.frames = model.encoder().config().framesFor(crops.cropSamples());
    }

    @Override
    public int size() {
        return crops.size();
    }

    @Override
    public int frames() {
        return frames;
    }

    @Override
    public Map<String, INDArray> placeholders(int[] items, Random rng, double[] maskedOut) {
        int b = items.length;
        int s = crops.cropSamples();
        float[] input = new float[b * s];
        float[] attention = new float[b * s];
        int[] lengths = new int[b];
        for (int i = 0; i < b; i++) {
            System.arraycopy(crops.waves().get(items[i]), 0, input, i * s, s);
            lengths[i] = crops.lengths()[items[i]];
            java.util.Arrays.fill(attention, i * s, i * s + lengths[i], 1f);
        }
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(HubertGraph.INPUT_VALUES, Nd4j.create(input, new long[] {b, s}, 'c'));
        ph.put(HubertGraph.ATTENTION_MASK, Nd4j.create(attention, new long[] {b, s}, 'c'));
        Map<String, INDArray> masks = model.encoder().trainingMasks(b, s, lengths, rng);
        ph.putAll(masks);
        targets.addTo(ph, items, frames, maskedOut);
        return ph;
    }

    /**
     * One-hot targets and frame weights from per-item label rows ({@code labels[i][f] < 0} = padding: no target, no
     * weight) and the time mask already in {@code ph}.
     */
    static void addTargets(Map<String, INDArray> ph, int[][] labels, int frames, int k, double[] maskedOut) {
        int b = labels.length;
        float[] onehot = new float[b * frames * k];
        boolean[] hasTarget = new boolean[b * frames];
        for (int i = 0; i < b; i++) {
            for (int f = 0; f < frames; f++) {
                if (labels[i][f] >= 0) {
                    onehot[(i * frames + f) * k + labels[i][f]] = 1f;
                    hasTarget[i * frames + f] = true;
                }
            }
        }
        ph.put(PretrainModel.TARGETS, Nd4j.create(onehot, new long[] {(long) b * frames, k}, 'c'));
        CropTargets.putFrameWeights(ph, hasTarget, maskedOut);
    }
}
