package org.ser4j.pretrain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.ser4j.audio.WaveformNormalizer;
import org.ser4j.data.synth.SynthCorpus;
import org.ser4j.util.Seeds;
import org.ser4j.util.Sha256;

/**
 * The pre-training audio: one normalised crop per synthetic utterance, labels dropped.
 *
 * <p>The utterances come from {@link UnlabelledUtterances} (speakers 6..10 per domain by default, none of a
 * default demo corpus).
 *
 * <p>A crop starts at a multiple of the 320-sample hop (so MFCC frames and conv frames stay aligned) drawn from a
 * generator seeded by (seed, utterance id); utterances shorter than the crop are zero-padded and {@link #lengths}
 * holds their valid samples.
 */
public record UnlabelledCrops(List<String> ids, List<float[]> waves, int[] lengths, int cropSamples,
                              String fingerprint) {
    public static final int HOP = 320;

    public int size() {
        return ids.size();
    }

    public static UnlabelledCrops synthesise(PretrainConfig.Data d, long seed, int threads) {
        return crop(UnlabelledUtterances.synthesise(d, threads), d.cropSeconds(), seed);
    }

    /** One crop of {@code cropSeconds} per utterance, normalised over its valid samples. */
    public static UnlabelledCrops crop(UnlabelledUtterances utts, double cropSeconds, long seed) {
        int crop = (int) Math.round(cropSeconds * SynthCorpus.SAMPLE_RATE);
        List<String> ids = new ArrayList<>();
        List<float[]> waves = new ArrayList<>();
        int[] lengths = new int[utts.size()];
        for (int i = 0; i < utts.size(); i++) {
            String id = utts.ids().get(i);
            float[] full = utts.raw().get(i);
            int valid = Math.min(full.length, crop);
            int offset = 0;
            if (full.length > crop) {
                int starts = (full.length - crop) / HOP + 1;
                offset = HOP * new SplittableRandom(Seeds.derive(seed, "crop", id)).nextInt(starts);
            }
            float[] x = new float[crop];
            System.arraycopy(full, offset, x, 0, valid);
            WaveformNormalizer.normalizeInto(x, 0, valid, x, 0);
            ids.add(id);
            waves.add(x);
            lengths[i] = valid;
        }
        return new UnlabelledCrops(List.copyOf(ids), List.copyOf(waves), lengths, crop, fingerprint(ids, waves, lengths));
    }

    /** SHA-256 over ids, valid lengths and the float32 bits of every crop, in order. */
    static String fingerprint(List<String> ids, List<float[]> waves, int[] lengths) {
        MessageDigest md = Sha256.newDigest();
        for (int i = 0; i < ids.size(); i++) {
            md.update(ids.get(i).getBytes(StandardCharsets.UTF_8));
            float[] w = waves.get(i);
            ByteBuffer b = ByteBuffer.allocate(4 + 4 * w.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(lengths[i]);
            for (float v : w) {
                b.putFloat(v);
            }
            md.update(b.array());
        }
        return Sha256.hex(md.digest());
    }
}
