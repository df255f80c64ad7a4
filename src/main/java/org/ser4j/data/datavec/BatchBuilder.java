package org.ser4j.data.datavec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ser4j.audio.WaveformNormalizer;
import org.ser4j.util.BadInputException;
import org.ser4j.util.Seeds;

/** Decodes (through the cache), crops, normalises and pads the items of one batch. */
public final class BatchBuilder {
    private final AudioDataset data;
    private final BatchConfig cfg;
    private final AudioCache cache;

    public BatchBuilder(AudioDataset data, BatchConfig cfg, AudioCache cache) {
        this.data = data;
        this.cfg = cfg;
        this.cache = cache;
    }

    /**
     * The crop start of an utterance of {@code length} samples: 0 in evaluation or when it fits, otherwise uniform in
     * [0, length − max] from a generator seeded by (seed, epoch, utt_id), so a rerun of an epoch sees the same crops.
     */
    public static int cropStart(BatchConfig cfg, int epoch, String uttId, int length) {
        if (!cfg.training() || cfg.maxSamples() == 0 || length <= cfg.maxSamples()) {
            return 0;
        }
        Random r = new Random(Seeds.derive(cfg.seed(), "crop", epoch, uttId));
        return r.nextInt(length - cfg.maxSamples() + 1);
    }

    public AudioBatch build(int[] indices, int epoch) {
        int n = indices.length;
        List<String> ids = new ArrayList<>(n);
        float[][] wave = new float[n][];
        int[] start = new int[n];
        int[] lengths = new int[n];
        int[] emo = new int[n];
        int[] dom = new int[n];
        int padded = 0;
        for (int b = 0; b < n; b++) {
            AudioItem item = data.items().get(indices[b]);
            ids.add(item.uttId());
            float[] x;
            try {
                x = cache.load16k(item.audio());
            } catch (BadInputException e) {
                throw new BadInputException("utterance " + item.uttId() + ": " + e.getMessage(), e);
            }
            wave[b] = x;
            start[b] = cropStart(cfg, epoch, item.uttId(), x.length);
            lengths[b] = cfg.training() && cfg.maxSamples() > 0 ? Math.min(x.length, cfg.maxSamples()) : x.length;
            emo[b] = item.emotion();
            dom[b] = item.domain();
            padded = Math.max(padded, lengths[b]);
        }
        float[] flat = new float[n * padded];
        float[] mask = new float[n * padded];
        for (int b = 0; b < n; b++) {
            int at = b * padded;
            if (cfg.normalize()) {
                WaveformNormalizer.normalizeInto(wave[b], start[b], lengths[b], flat, at);
            } else {
                System.arraycopy(wave[b], start[b], flat, at, lengths[b]);
            }
            java.util.Arrays.fill(mask, at, at + lengths[b], 1f);
        }
        INDArray w = Nd4j.create(flat, new long[] {n, padded}, 'c');
        INDArray m = Nd4j.create(mask, new long[] {n, padded}, 'c');
        INDArray frames = cfg.frameKernels() == null ? null
                : FrameLengths.frameMask(lengths, padded, cfg.frameKernels(), cfg.frameStrides());
        return new AudioBatch(ids, w, m, lengths, emo, dom, frames, data.emotions().size(), data.domains().size());
    }
}
